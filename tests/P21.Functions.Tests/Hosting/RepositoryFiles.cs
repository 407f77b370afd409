namespace P21.Functions.Tests.Hosting;

/// <summary>Files at the repository root (host.json, local.settings.sample.json), found from the test's output folder.</summary>
internal static class RepositoryFiles
{
    public static string Path(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "P21Functions.sln")))
            {
                return System.IO.Path.Combine(dir.FullName, name);
            }
        }

        throw new FileNotFoundException($"No P21Functions.sln above {AppContext.BaseDirectory}; cannot find {name}.");
    }
}
