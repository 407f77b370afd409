using System.Text;

using Microsoft.Extensions.Options;

namespace P21.Functions.Hosting;

/// <summary>
/// Turns the start-up validation of every options class into one message an operator can act on: each setting to fix
/// on its own line, without the stack traces of an unhandled exception. The host shows the worker's standard error in
/// its log (and <c>func start</c> in the console), so that is where it goes.
/// </summary>
internal static class StartupFailure
{
    /// <summary>The exit code of a worker that refused its settings (sysexits' EX_CONFIG).</summary>
    public const int SettingsExitCode = 78;

    /// <summary>Every settings failure inside <paramref name="error"/>; empty when it is not (only) a settings failure.</summary>
    public static IReadOnlyList<string> SettingFailures(Exception error)
    {
        var failures = new List<string>();
        return Collect(error, failures) ? failures : [];
    }

    /// <summary>The message printed for <paramref name="failures"/>.</summary>
    public static string Describe(IReadOnlyList<string> failures)
    {
        var text = new StringBuilder()
            .Append("P21.Functions did not start: ").Append(failures.Count).Append(failures.Count == 1 ? " setting needs" : " settings need")
            .AppendLine(" fixing (local.settings.json Values locally, app settings in Azure; ':' is '__' in app setting names):");
        foreach (var failure in failures)
        {
            text.Append("  - ").AppendLine(failure);
        }

        return text.ToString();
    }

    private static bool Collect(Exception error, List<string> failures)
    {
        switch (error)
        {
            case OptionsValidationException options:
                failures.AddRange(options.Failures);
                return true;
            case InvalidOperationException binding when binding.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal):
                // The binder's own message quotes the value and names the key and type; it is thrown before any validator runs.
                failures.Add(binding.Message);
                return true;
            case AggregateException aggregate:
                // Start-up validation aggregates one exception per options class; anything else means a different failure.
                return aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(inner => Collect(inner, failures));
            default:
                return false;
        }
    }
}
