using System.Text.Json;
using System.Text.RegularExpressions;

using P21.Functions.Hosting;
using P21.Functions.Tests.Hosting;

namespace P21.Functions.Tests.Polling;

/// <summary>
/// An entity's schedule is named on its timer, in the sample settings and in the Bicep defaults; the timers are the
/// source (TimerSchedules reads them off the triggers), and these guards fail when the other two lists drift from it.
/// </summary>
public sealed partial class PollScheduleListTests
{
    private static IReadOnlyList<string> PollSchedules() =>
        [.. TimerSchedules.SettingNames.Where(n => n.StartsWith("Poll:", StringComparison.Ordinal))];

    [Fact]
    public void EveryPollTimer_HasItsScheduleInTheSampleSettings()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.Path("local.settings.sample.json")));
        HashSet<string> values = [.. sample.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name)];

        Assert.NotEmpty(PollSchedules());
        Assert.All(PollSchedules(), name => Assert.True(values.Contains(name.Replace(":", "__", StringComparison.Ordinal)), $"local.settings.sample.json lacks {name.Replace(":", "__", StringComparison.Ordinal)}"));
        Assert.All(values.Where(v => v.StartsWith("Poll__", StringComparison.Ordinal) && v.EndsWith("__Schedule", StringComparison.Ordinal)),
            v => Assert.Contains(v.Replace("__", ":", StringComparison.Ordinal), PollSchedules()));
    }

    [Fact]
    public void EveryPollTimer_HasABicepDefaultSchedule_AndBicepNoOther()
    {
        string bicep = File.ReadAllText(RepositoryFiles.Path("infra-bicep/main.bicep"));
        Match block = DefaultsBlock().Match(bicep);
        Assert.True(block.Success, "infra-bicep/main.bicep has no 'var defaultPollSchedules = { ... }'");
        HashSet<string> bicepEntities = [.. EntityKey().Matches(block.Groups[1].Value).Select(m => m.Groups[1].Value)];

        HashSet<string> timerEntities = [.. PollSchedules().Select(n => n.Split(':')[1])];

        Assert.Equal(timerEntities.Order(StringComparer.Ordinal), bicepEntities.Order(StringComparer.Ordinal));
    }

    [GeneratedRegex(@"var defaultPollSchedules = \{(.*?)\n\}", RegexOptions.Singleline)]
    private static partial Regex DefaultsBlock();

    [GeneratedRegex(@"^\s*([A-Za-z]+):\s*'", RegexOptions.Multiline)]
    private static partial Regex EntityKey();
}
