using P21.Connector.Client;

namespace P21.Connector.Tests.Architecture;

public sealed class SliceDependencyTests
{
    private const string Root = "P21.Connector";

    private static IReadOnlyDictionary<string, IReadOnlySet<string>> Core() =>
        NamespaceGraph.Read(typeof(P21Client).Assembly.Location, Root);

    [Fact]
    public void Core_EveryAreaUsesOnlyLowerLayers_NoSliceUsesAnother_NoCycles()
    {
        IReadOnlyList<string> violations = SliceRule.Violations(Core(), SliceRule.Layers);

        Assert.True(violations.Count == 0, "Dependency rule of docs/architecture.md broken:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void Read_SeesDependenciesInBodiesSignaturesAndGenerics()
    {
        IReadOnlyDictionary<string, IReadOnlySet<string>> graph = Core();

        // Every slice reaches P21 through the client and stores; a reader that saw nothing would pass the rule above.
        Assert.Contains("Client", graph["Write"]);
        Assert.Contains("Storage", graph["Write"]);
        Assert.Contains("Client", graph["Poll"]);
        Assert.Contains("Commands", graph["Intake"]);
    }

    [Fact]
    public void Amazon_UsesOnlySecretsStorageEventsAndSettings()
    {
        // The layer rule would let Amazon (layer 3) reach the P21 client; the SP-API client has no business there.
        IReadOnlySet<string> used = Core().TryGetValue("Amazon", out IReadOnlySet<string>? targets) ? targets : new HashSet<string>();

        Assert.Empty(used.Except(["", "Secrets", "Storage", "Events", "Settings"]));
        Assert.Contains("Secrets", used);
    }

    [Fact]
    public void Violations_NameUpwardSidewaysUnrankedAndCycles()
    {
        var graph = new Dictionary<string, IReadOnlySet<string>>
        {
            ["Storage"] = new HashSet<string> { "Write" },
            ["Write"] = new HashSet<string> { "Storage", "Intake" },
            ["Intake"] = new HashSet<string>(),
            ["Stray"] = new HashSet<string> { "Client" },
        };

        IReadOnlyList<string> violations = SliceRule.Violations(graph, SliceRule.Layers);

        Assert.Contains("Storage -> Write: upward (layer 2 uses layer 4)", violations);
        Assert.Contains("Write -> Intake: sideways (both layer 4)", violations);
        Assert.Contains(violations, v => v.StartsWith("'Stray' has no layer", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("cycle: ", StringComparison.Ordinal) && v.Contains("Storage", StringComparison.Ordinal) && v.Contains("Write", StringComparison.Ordinal));
        Assert.DoesNotContain(violations, v => v.StartsWith("Write -> Storage", StringComparison.Ordinal));
    }
}
