using System.Text.RegularExpressions;

namespace P21.Infra.Tests;

/// <summary>The real linter, with the rules turned on in infra-bicep/bicepconfig.json, finds nothing.</summary>
public sealed partial class LintTests
{
    public static TheoryData<string> BicepFiles() => new(RelativeBicepFiles());

    private static List<string> RelativeBicepFiles() =>
        Directory.EnumerateFiles(BuildLocations.InfraDirectory, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".bicep", StringComparison.Ordinal) || f.EndsWith(".bicepparam", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(BuildLocations.InfraDirectory, f))
            .Order(StringComparer.Ordinal)
            .ToList();

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void Lint_EveryFile_NoErrorsOrWarnings(string relativePath)
    {
        var result = BicepCli.Run("lint", Path.Combine(BuildLocations.InfraDirectory, relativePath));

        Assert.Empty(result.Problems);
        Assert.Equal(0, result.ExitCode);
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void Format_EveryFile_AlreadyCanonical(string relativePath)
    {
        var path = Path.Combine(BuildLocations.InfraDirectory, relativePath);

        var result = BicepCli.Run("format", path, "--stdout");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), result.StandardOutput.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void BicepFiles_Found_CoverEveryModule()
    {
        var files = RelativeBicepFiles();
        foreach (var expected in new[]
                 {
                     "main.bicep", "main.subscription.bicep", "main.bicepparam", "modules/identity.bicep", "modules/storage.bicep",
                     "modules/servicebus.bicep", "modules/keyvault.bicep", "modules/monitoring.bicep", "modules/functionapp.bicep",
                     "modules/rbac.bicep", "modules/privateendpoints.bicep",
                 })
        {
            Assert.Contains(expected, files);
        }
    }

    [Fact]
    public void BicepConfig_SecurityRules_RaisedToError()
    {
        var config = File.ReadAllText(Path.Combine(BuildLocations.InfraDirectory, "bicepconfig.json"));
        foreach (var rule in new[]
                 {
                     "outputs-should-not-contain-secrets", "secure-secrets-in-params", "secure-parameter-default",
                     "use-secure-value-for-secure-inputs", "no-hardcoded-env-urls", "no-hardcoded-location",
                     "no-unused-params", "no-unused-vars", "what-if-short-circuiting", "use-user-defined-types",
                 })
        {
            Assert.Matches($"\"{Regex.Escape(rule)}\"\\s*:\\s*{{\\s*\"level\"\\s*:\\s*\"error\"", config);
        }
    }

    // A suppression is a decision: each one is listed here with its file, so adding another fails until reviewed.
    [Fact]
    public void Suppressions_AllFiles_OnlyTheReviewedOne()
    {
        var found = RelativeBicepFiles()
            .SelectMany(file => File.ReadAllLines(Path.Combine(BuildLocations.InfraDirectory, file))
                .Select(line => SuppressionDirective().Match(line))
                .Where(m => m.Success)
                .Select(m => $"{file}: {m.Groups[1].Value.Trim()}"))
            .ToList();

        Assert.Equal(["main.bicep: what-if-short-circuiting"], found);
    }

    [Fact]
    public void Lint_UnusedParameterAdded_Reported()
    {
        using var copy = InfraCopy.Create();
        copy.Append("modules/identity.bicep", "\nparam leftOver string = 'x'\n");

        var result = BicepCli.Run("lint", copy.PathOf("modules/identity.bicep"));

        Assert.Contains(result.Problems, p => p.Contains("no-unused-params", StringComparison.Ordinal));
        Assert.NotEqual(0, result.ExitCode);
    }

    [GeneratedRegex(@"#disable-(?:next-line|diagnostics)\s+(.+)$")]
    private static partial Regex SuppressionDirective();
}
