using System.Reflection;

using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

using P21.Connector.Poll;

namespace P21.Functions.Hosting;

/// <summary>
/// The app settings the timer triggers read their schedules from (<c>%Poll:Customers:Schedule%</c>), found on the
/// triggers themselves so a new timer is checked without a list to keep. The host resolves them, not the worker; a
/// missing or malformed one only shows up in the host's log as one function that never runs, so the worker refuses
/// to start instead, naming the setting.
/// </summary>
internal sealed class TimerSchedules
{
    /// <summary>Every schedule setting name of a <see cref="TimerTriggerAttribute"/> in the app, e.g. <c>Poll:Customers:Schedule</c>.</summary>
    public static IReadOnlyList<string> SettingNames { get; } = [.. typeof(TimerSchedules).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
        .SelectMany(m => m.GetParameters())
        .Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()?.Schedule)
        .OfType<string>()
        .Where(s => s.Length > 2 && s[0] == '%' && s[^1] == '%')
        .Select(s => s[1..^1])
        .Distinct(StringComparer.OrdinalIgnoreCase)
        .Order(StringComparer.Ordinal)];

    /// <summary>Each schedule setting's value as configured (null when missing).</summary>
    public Dictionary<string, string?> Values { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads <see cref="SettingNames"/> from <paramref name="configuration"/>.</summary>
    public static void Read(TimerSchedules schedules, IConfiguration configuration)
    {
        foreach (var name in SettingNames)
        {
            schedules.Values[name] = configuration[name];
        }
    }
}

/// <summary>Refuses a missing schedule setting or one that is not a 6-field NCRONTAB expression.</summary>
internal sealed class TimerSchedulesValidator : IValidateOptions<TimerSchedules>
{
    public ValidateOptionsResult Validate(string? name, TimerSchedules options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        foreach (var (setting, value) in options.Values)
        {
            string appSetting = setting.Replace(":", "__", StringComparison.Ordinal);
            if (string.IsNullOrWhiteSpace(value))
            {
                failures.Add($"{setting} is missing (app setting {appSetting}); set a 6-field NCRONTAB schedule, e.g. 0 */15 * * * * for every 15 minutes.");
            }
            else if (value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 6 || !Parses(value))
            {
                failures.Add($"{setting} '{value}' is not a 6-field NCRONTAB schedule (app setting {appSetting}); "
                    + "the first field is seconds, e.g. 0 */15 * * * * for every 15 minutes.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool Parses(string schedule)
    {
        try
        {
            PollRunner.ParseSchedule(schedule);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
