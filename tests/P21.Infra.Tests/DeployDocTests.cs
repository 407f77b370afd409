using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace P21.Infra.Tests;

/// <summary>docs/deploy.md explains every value a deployer sets and reads back, so nothing has to be guessed.</summary>
[Collection(CompiledTemplatesCollection.Name)]
public sealed partial class DeployDocTests(CompiledTemplates compiled)
{
    private static readonly string Doc = File.ReadAllText(Path.Combine(BuildLocations.RepositoryRoot, "docs", "deploy.md"));

    [Fact]
    public void DeployDoc_EveryAzdVariable_Explained()
    {
        var bicepParam = File.ReadAllText(Path.Combine(BuildLocations.InfraDirectory, "main.bicepparam"));
        var variables = EnvironmentVariableRead().Matches(bicepParam).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.NotEmpty(variables);
        Assert.All(variables, v => Assert.Contains($"`{v}`", Doc, StringComparison.Ordinal));
    }

    [Fact]
    public void DeployDoc_EveryOutput_ReadBack()
    {
        var outputs = compiled.Main["outputs"]!.AsObject().Select(p => p.Key);

        Assert.All(outputs, o => Assert.Contains($"azd env get-value {o}", Doc, StringComparison.Ordinal));
    }

    [Fact]
    public void DeployDoc_EveryPollEntity_HasDocumentedDefault()
    {
        var defaults = compiled.Main["variables"]?["defaultPollSchedules"] as JsonObject;

        Assert.NotNull(defaults);
        Assert.Equal(9, defaults.Count);
        Assert.All(defaults, d => Assert.Matches($@"\|[^\n]*\b{d.Key}\b[^\n]*\| `{Regex.Escape(d.Value!.GetValue<string>())}`", Doc));
    }

    [Fact]
    public void SchemaDriftSchedule_ModuleDefault_MatchesTheSampleAndBothDocs()
    {
        var parameter = Descendants(compiled.Main).OfType<JsonObject>()
            .Select(o => o["parameters"]?["schemaDriftSchedule"]).OfType<JsonObject>()
            .Single(p => p["defaultValue"] is not null);
        var schedule = parameter["defaultValue"]!.GetValue<string>();
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(BuildLocations.RepositoryRoot, "local.settings.sample.json")))!;
        var configuration = File.ReadAllText(Path.Combine(BuildLocations.RepositoryRoot, "docs", "configuration.md"));

        Assert.Equal(6, schedule.Split(' ').Length);
        Assert.Equal(schedule, sample["Values"]!["Schema__Drift__Schedule"]!.GetValue<string>());
        Assert.Contains($"`Schema__Drift__Schedule` = `{schedule}`", Doc, StringComparison.Ordinal);
        Assert.Matches($@"\| `Schema:Drift:Schedule` \|[^\n]*`{Regex.Escape(schedule)}`", configuration);
    }

    [Theory]
    [InlineData("amazonOrdersSchedule", "Amazon:Orders:Schedule")]
    [InlineData("amazonSettlementsSchedule", "Amazon:Settlements:Schedule")]
    public void AmazonSchedule_ModuleDefault_MatchesTheSampleAndBothDocs(string parameterName, string setting)
    {
        var parameter = Descendants(compiled.Main).OfType<JsonObject>()
            .Select(o => o["parameters"]?[parameterName]).OfType<JsonObject>()
            .Single(p => p["defaultValue"] is not null);
        var schedule = parameter["defaultValue"]!.GetValue<string>();
        var appSetting = setting.Replace(":", "__", StringComparison.Ordinal);
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(BuildLocations.RepositoryRoot, "local.settings.sample.json")))!;
        var configuration = File.ReadAllText(Path.Combine(BuildLocations.RepositoryRoot, "docs", "configuration.md"));

        Assert.Equal(6, schedule.Split(' ').Length);
        Assert.Equal(schedule, sample["Values"]![appSetting]!.GetValue<string>());
        Assert.Contains($"`{appSetting}` = `{schedule}`", Doc, StringComparison.Ordinal);
        Assert.Matches($@"\| `{Regex.Escape(setting)}` \|[^\n]*`{Regex.Escape(schedule)}`", configuration);
    }

    [Fact]
    public void DeployDoc_States_WhatWasAndWasNotVerified()
    {
        Assert.Contains("What was verified and what was not", Doc, StringComparison.Ordinal);
        Assert.Contains("Not verified here:", Doc, StringComparison.Ordinal);
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node) => node switch
    {
        JsonObject o => [o, .. o.Select(p => p.Value).OfType<JsonNode>().SelectMany(Descendants)],
        JsonArray a => a.OfType<JsonNode>().SelectMany(Descendants),
        _ => [],
    };

    [GeneratedRegex(@"readEnvironmentVariable\('([A-Z0-9_]+)'")]
    private static partial Regex EnvironmentVariableRead();
}
