using System.CommandLine;
using System.Globalization;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using P21.Cli.Output;
using P21.Connector.Client;
using P21.Connector.Client.Http;
using P21.Connector.Commands;
using P21.Connector.Events;
using P21.Connector.Queues;

namespace P21.Cli.Hosting;

/// <summary>
/// What one command invocation runs with: its settings, its output and (built on first use) the connector's real
/// services, wired as the Functions app wires them but with an in-process command queue.
/// </summary>
internal sealed class CliSession : IAsyncDisposable
{
    private ServiceProvider? _services;

    public CliSession(CliSettings settings, IConsoleOutput output)
    {
        Settings = settings;
        Output = output;
    }

    public CliSettings Settings { get; }

    public IConsoleOutput Output { get; }

    public string Connection => Settings.Connection;

    /// <summary>The connector's services; the first call builds them.</summary>
    public IServiceProvider Services => _services ??= Observed(Build(Settings.Configuration));

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    // A retried call says so on the console: a host that accepts connections and never answers must not look like a hang.
    private ServiceProvider Observed(ServiceProvider services)
    {
        services.GetRequiredService<P21RetryNotices>().Retrying += notice => Output.Warn(string.Create(CultureInfo.InvariantCulture,
            $"waiting for P21 ({notice.Reason} on {notice.Operation}; attempt {notice.NextAttempt} of {notice.MaxAttempts}, next in {Math.Ceiling(notice.Delay.TotalSeconds):0} s)"));
        return services;
    }

    /// <summary>The P21 client of the connection.</summary>
    public P21Client Client()
    {
        Settings.RequireP21();
        return Get<IP21ClientProvider>().Get(Connection);
    }

    /// <summary>Creates the session of a parsed command line, writing to the invocation's output and error writers.</summary>
    public static CliSession Create(ParseResult parseResult, GlobalOptions options, IReadOnlyDictionary<string, string?>? extra = null, string? connection = null)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        CliSettings settings = CliSettings.Build(parseResult, options, extra, connection);
        return new CliSession(settings, OutputOf(parseResult, settings.Secrets));
    }

    /// <summary>The output of an invocation (standard streams unless the caller configured writers).</summary>
    public static SpectreConsoleOutput OutputOf(ParseResult parseResult, IReadOnlyCollection<string>? secrets = null)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        return new SpectreConsoleOutput(
            parseResult.InvocationConfiguration.Output ?? Console.Out,
            parseResult.InvocationConfiguration.Error ?? Console.Error,
            secrets);
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    private static ServiceProvider Build(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        // The connector logs for operators of a long-running app; the CLI reports through its own output instead.
        services.AddLogging(builder => builder.ClearProviders().SetMinimumLevel(LogLevel.None));
        // One process, one run: the write queue is in memory whatever storage holds the state.
        services.AddSingleton<InMemoryCommandQueue>();
        services.AddSingleton<ICommandQueue>(sp => sp.GetRequiredService<InMemoryCommandQueue>());
        services.AddSingleton<InMemoryChangeSink>();
        services.AddSingleton<IChangeSink>(sp => sp.GetRequiredService<InMemoryChangeSink>());
        services.AddP21Connector(configuration);
        return services.BuildServiceProvider();
    }
}
