// Mirrors Azure/azure-functions-dotnet-worker src/DotNetWorker/Builder/FunctionsApplicationBuilder.cs
// The real class also implements IHostApplicationBuilder and IFunctionsWorkerApplicationBuilder; only the members
// Program.cs uses are declared here.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Microsoft.Azure.Functions.Worker.Builder;

/// <summary>Builds a Functions worker host.</summary>
public class FunctionsApplicationBuilder
{
    internal FunctionsApplicationBuilder(string[]? args)
    {
    }

    /// <summary>The application's configuration.</summary>
    public ConfigurationManager Configuration => throw null!;

    /// <summary>Logging providers and filters.</summary>
    public ILoggingBuilder Logging => throw null!;

    /// <summary>The service registrations.</summary>
    public IServiceCollection Services => throw null!;

    /// <summary>Builds the host (once).</summary>
    public IHost Build() => throw null!;
}
