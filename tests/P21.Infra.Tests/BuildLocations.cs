using System.Reflection;

namespace P21.Infra.Tests;

/// <summary>Paths fixed at build time (see the csproj): the bicep compiler from its NuGet package and the repository root.</summary>
internal static class BuildLocations
{
    private const string BicepVersionFolder = "azure.bicep.commandline.linux-x64/0.49.2/tools/bicep";

    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot")
        ?? throw new InvalidOperationException("RepositoryRoot metadata missing: rebuild the test project.");

    public static string InfraDirectory => Path.Combine(RepositoryRoot, "infra-bicep");

    /// <summary>The compiler from the package; the NuGet root is the fallback when the build-time path moved.</summary>
    public static string BicepPath { get; } = ResolveBicep();

    private static string ResolveBicep()
    {
        var candidates = new List<string>();
        if (Metadata("BicepPath") is { Length: > 0 } fromBuild && !fromBuild.StartsWith("/tools", StringComparison.Ordinal))
        {
            candidates.Add(fromBuild);
        }

        var nugetRoot = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        candidates.Add(Path.Combine(nugetRoot, BicepVersionFolder));

        var found = candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"bicep not found; looked in: {string.Join(", ", candidates)}. Restore tests/P21.Infra.Tests.");

        // NuGet extraction does not always keep the execute bit (the package is linux-x64 only).
        if (OperatingSystem.IsWindows())
        {
            return found;
        }

        var mode = File.GetUnixFileMode(found);
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(found, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        return found;
    }

    private static string? Metadata(string key) =>
        typeof(BuildLocations).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == key)?.Value;
}
