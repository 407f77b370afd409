// Mirrors Azure/azure-functions-dotnet-worker extensions/Worker.Extensions.Timer/src/TimerTriggerAttribute.cs
// (the real type also carries [BindingCapabilities], [InputConverter] and [ConverterFallbackBehavior], which only the worker reads).
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker;

/// <summary>Triggers the function on a schedule.</summary>
public sealed class TimerTriggerAttribute : TriggerBindingAttribute
{
    /// <summary>6-field NCRONTAB expression, TimeSpan, or <c>%AppSetting%</c>.</summary>
    public TimerTriggerAttribute(string schedule)
    {
        Schedule = schedule;
        UseMonitor = true;
    }

    /// <summary>The schedule expression.</summary>
    public string Schedule { get; private set; }

    /// <summary>Whether the host persists schedule status.</summary>
    public bool UseMonitor { get; set; }

    /// <summary>Whether the function also fires when the host starts.</summary>
    public bool RunOnStartup { get; set; }
}
