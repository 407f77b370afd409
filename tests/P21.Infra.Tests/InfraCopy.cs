namespace P21.Infra.Tests;

/// <summary>A throw-away copy of infra-bicep/ that a test may break on purpose.</summary>
internal sealed class InfraCopy : IDisposable
{
    private InfraCopy(string root) => Root = root;

    public string Root { get; }

    public static InfraCopy Create()
    {
        var root = Path.Combine(Path.GetTempPath(), "p21-infra-" + Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.EnumerateFiles(BuildLocations.InfraDirectory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(root, Path.GetRelativePath(BuildLocations.InfraDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return new InfraCopy(root);
    }

    public string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    /// <summary>Replaces text that must exist, so a mutation can never silently do nothing.</summary>
    public void Replace(string relativePath, string oldText, string newText)
    {
        var path = PathOf(relativePath);
        var text = File.ReadAllText(path);
        if (!text.Contains(oldText, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"'{oldText}' not found in {relativePath}; the mutation is stale.");
        }

        File.WriteAllText(path, text.Replace(oldText, newText, StringComparison.Ordinal));
    }

    public void Append(string relativePath, string text) => File.AppendAllText(PathOf(relativePath), text);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; never fail a test over clean-up.
        }
    }
}
