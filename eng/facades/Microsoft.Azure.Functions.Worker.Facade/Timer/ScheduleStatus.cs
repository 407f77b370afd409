// Mirrors Azure/azure-functions-dotnet-worker extensions/Worker.Extensions.Timer/src/ScheduleStatus.cs
// (a plain settable data holder in the real source, so auto-properties are faithful).
namespace Microsoft.Azure.Functions.Worker;

/// <summary>A monitored schedule's last and next occurrence.</summary>
public class ScheduleStatus
{
    /// <summary>The last recorded occurrence.</summary>
    public DateTime Last { get; set; }

    /// <summary>The expected next occurrence.</summary>
    public DateTime Next { get; set; }

    /// <summary>When the status was last updated.</summary>
    public DateTime LastUpdated { get; set; }
}
