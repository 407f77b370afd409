using System.Text.RegularExpressions;

namespace P21.Functions.Tests.Hosting;

/// <summary>docs/build.md lists every public type and member of eng/facades, so the list cannot go stale.</summary>
public sealed partial class FacadeDocTests
{
    [Fact]
    public void BuildDoc_ListsEveryPublicTypeAndMemberOfTheFacades()
    {
        var doc = File.ReadAllText(RepositoryFiles.Path(Path.Combine("docs", "build.md")));
        var start = doc.IndexOf("### What the facades declare", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/build.md lacks the section 'What the facades declare'");
        var section = doc[start..];
        var end = section.IndexOf("\n## ", StringComparison.Ordinal);
        section = end < 0 ? section : section[..end];

        var declared = Declared().ToList();
        var missing = declared.Where(d => !Regex.IsMatch(section, $@"\b{Regex.Escape(d.Name)}\b")).Select(d => $"{d.File}: {d.Name}").ToList();

        Assert.True(declared.Count > 40, $"only {declared.Count} names found in eng/facades; the parser broke");
        Assert.True(missing.Count == 0, "docs/build.md does not list: " + string.Join(", ", missing));
    }

    private static IEnumerable<(string File, string Name)> Declared()
    {
        var root = RepositoryFiles.Path(Path.Combine("eng", "facades"));
        foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, file);
            var inEnum = false;
            foreach (var raw in File.ReadLines(file))
            {
                var line = raw.Trim();
                if (TypeDeclaration().Match(line) is { Success: true } type)
                {
                    inEnum = type.Groups["kind"].Value == "enum";
                    yield return (relative, type.Groups["name"].Value);
                }
                else if (line.StartsWith("public ", StringComparison.Ordinal) && MemberName().Match(line) is { Success: true } member)
                {
                    yield return (relative, member.Groups["name"].Value);
                }
                else if (inEnum && EnumMember().Match(line) is { Success: true } value)
                {
                    yield return (relative, value.Groups["name"].Value);
                }
            }
        }
    }

    [GeneratedRegex(@"^public\s+(?:(?:sealed|abstract|static|partial)\s+)*(?<kind>class|enum|interface|record|struct)\s+(?<name>\w+)")]
    private static partial Regex TypeDeclaration();

    // The identifier right before the parameter list, the getter body or the arrow: method, constructor or property.
    [GeneratedRegex(@"(?<name>\w+)(?:<\w+>)?\s*(?:\(|\{\s*get|=>)")]
    private static partial Regex MemberName();

    [GeneratedRegex(@"^(?<name>[A-Z]\w*)\s*(?:=\s*\d+)?\s*,?$")]
    private static partial Regex EnumMember();
}
