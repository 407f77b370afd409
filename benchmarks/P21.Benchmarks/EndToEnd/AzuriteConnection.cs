namespace P21.Benchmarks.EndToEnd;

/// <summary>The storage account for Table-backed runs: <c>P21_TEST_STORAGE</c>, else the local Azurite.</summary>
internal static class AzuriteConnection
{
    public static string String =>
        Environment.GetEnvironmentVariable("P21_TEST_STORAGE") is { Length: > 0 } value ? value : "UseDevelopmentStorage=true";
}
