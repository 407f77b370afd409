// Mirrors Azure/azure-functions-dotnet-worker src/DotNetWorker/Builder/FunctionsApplication.cs
namespace Microsoft.Azure.Functions.Worker.Builder;

/// <summary>Entry point of a Functions worker application.</summary>
public class FunctionsApplication
{
    /// <summary>A builder with the worker defaults.</summary>
    public static FunctionsApplicationBuilder CreateBuilder(string[] args) => throw null!;
}
