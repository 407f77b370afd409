namespace P21.Connector.Tests.Architecture;

/// <summary>
/// The dependency rule of docs/architecture.md: an area may use areas of a lower layer only. The flow slices share one
/// layer, so one slice never uses another; a cycle always breaks the rule, and is named as one.
/// </summary>
internal static class SliceRule
{
    public static readonly IReadOnlyDictionary<string, int> Layers = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["Connections"] = 0,
        ["Secrets"] = 0,
        ["Settings"] = 0,
        ["Commands"] = 0,
        ["Client"] = 1,
        ["Events"] = 1,
        ["Storage"] = 2,
        ["Health"] = 2,
        ["Queues"] = 3,
        ["Amazon"] = 3,
        ["Poll"] = 4,
        ["Intake"] = 4,
        ["Write"] = 4,
        ["Push"] = 4,
        ["Hosting"] = 5,
    };

    public static IReadOnlyList<string> Violations(IReadOnlyDictionary<string, IReadOnlySet<string>> graph, IReadOnlyDictionary<string, int> layers)
    {
        var found = new List<string>();
        foreach ((string from, IReadOnlySet<string> targets) in graph.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!layers.TryGetValue(from, out int fromLayer))
            {
                found.Add($"'{from}' has no layer: add it to SliceRule.Layers and docs/architecture.md");
                continue;
            }

            foreach (string to in targets.Order(StringComparer.Ordinal))
            {
                if (!layers.TryGetValue(to, out int toLayer))
                {
                    continue; // reported as its own line when it uses anything; an unranked leaf is still named above
                }

                if (toLayer > fromLayer)
                {
                    found.Add($"{from} -> {to}: upward (layer {fromLayer} uses layer {toLayer})");
                }
                else if (toLayer == fromLayer)
                {
                    found.Add($"{from} -> {to}: sideways (both layer {fromLayer})");
                }
            }
        }

        found.AddRange(Cycles(graph).Select(c => "cycle: " + string.Join(" -> ", c)));
        return found;
    }

    /// <summary>One representative cycle per strongly connected group of areas.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Cycles(IReadOnlyDictionary<string, IReadOnlySet<string>> graph)
    {
        var cycles = new List<IReadOnlyList<string>>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (string start in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (done.Contains(start))
            {
                continue;
            }

            var path = new List<string>();
            var onPath = new HashSet<string>(StringComparer.Ordinal);
            Walk(start);

            void Walk(string node)
            {
                path.Add(node);
                onPath.Add(node);
                IEnumerable<string> nexts = graph.TryGetValue(node, out IReadOnlySet<string>? t) ? t.Order(StringComparer.Ordinal) : [];
                foreach (string next in nexts)
                {
                    if (onPath.Contains(next))
                    {
                        var cycle = path.Skip(path.IndexOf(next)).Append(next).ToList();
                        if (!cycles.Any(c => c.Count == cycle.Count && c.ToHashSet().SetEquals(cycle)))
                        {
                            cycles.Add(cycle);
                        }
                    }
                    else if (!done.Contains(next))
                    {
                        Walk(next);
                    }
                }

                path.RemoveAt(path.Count - 1);
                onPath.Remove(node);
                done.Add(node);
            }
        }

        return cycles;
    }
}
