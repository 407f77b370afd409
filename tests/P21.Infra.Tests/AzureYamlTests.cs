namespace P21.Infra.Tests;

/// <summary>azure.yaml points azd at the right Bicep entry and function project (no YAML parser here: a tiny reader).</summary>
public sealed class AzureYamlTests
{
    private static readonly IReadOnlyDictionary<string, string> Yaml =
        FlatYaml.Read(File.ReadAllText(Path.Combine(BuildLocations.RepositoryRoot, "azure.yaml")));

    [Theory]
    [InlineData("name", "p21-connector")]
    [InlineData("infra.provider", "bicep")]
    [InlineData("infra.path", "infra-bicep")]
    [InlineData("infra.module", "main")]
    [InlineData("services.functions.project", "./functions/P21.Functions")]
    [InlineData("services.functions.language", "dotnet")]
    [InlineData("services.functions.host", "function")]
    public void AzureYaml_Key_HasExpectedValue(string key, string expected)
    {
        Assert.True(Yaml.TryGetValue(key, out var actual), $"azure.yaml has no {key}");
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void AzureYaml_Paths_ExistInRepository()
    {
        var infra = Path.Combine(BuildLocations.RepositoryRoot, Yaml["infra.path"]);
        Assert.True(File.Exists(Path.Combine(infra, Yaml["infra.module"] + ".bicep")), "infra module file missing");
        Assert.True(File.Exists(Path.Combine(infra, Yaml["infra.module"] + ".bicepparam")), "azd parameters file missing");
        Assert.True(Directory.Exists(Path.Combine(BuildLocations.RepositoryRoot, Yaml["services.functions.project"])), "function project folder missing");
    }

    [Fact]
    public void FlatYaml_NestedKeys_JoinedWithDots()
    {
        var yaml = FlatYaml.Read("a: 1\nb:\n  c: two # note\n  d:\n    e: 'three'\nf: x\n");

        Assert.Equal("1", yaml["a"]);
        Assert.Equal("two", yaml["b.c"]);
        Assert.Equal("three", yaml["b.d.e"]);
        Assert.Equal("x", yaml["f"]);
        Assert.False(yaml.ContainsKey("b"));
    }
}

/// <summary>Reads the block-mapping subset of YAML (keys, nested keys, scalars) into dotted keys.</summary>
internal static class FlatYaml
{
    public static IReadOnlyDictionary<string, string> Read(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = new List<(int Indent, string Key)>();
        foreach (var raw in text.Split('\n'))
        {
            var line = StripComment(raw).TrimEnd();
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var indent = line.Length - line.TrimStart().Length;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            path.RemoveAll(p => p.Indent >= indent);
            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim().Trim('\'', '"');
            path.Add((indent, key));
            if (value.Length > 0)
            {
                result[string.Join('.', path.Select(p => p.Key))] = value;
            }
        }

        return result;
    }

    private static string StripComment(string line)
    {
        var hash = line.IndexOf(" #", StringComparison.Ordinal);
        return line.TrimStart().StartsWith('#') ? "" : hash >= 0 ? line[..hash] : line;
    }
}
