// Mirrors Azure/azure-functions-dotnet-worker extensions/Worker.Extensions.Timer/src/TimerInfo.cs
// (a plain settable data holder in the real source, so auto-properties are faithful).
namespace Microsoft.Azure.Functions.Worker;

/// <summary>What the timer trigger passes to the function.</summary>
public class TimerInfo
{
    /// <summary>Last/next occurrence; null when the schedule is not monitored.</summary>
    public ScheduleStatus? ScheduleStatus { get; set; }

    /// <summary>True when this invocation is later than scheduled.</summary>
    public bool IsPastDue { get; set; }
}
