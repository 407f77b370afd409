using System.Globalization;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using P21.Connector.Events;
using P21.Connector.Poll;
using P21.Sandbox;

namespace P21.IntegrationTests.Poll;

/// <summary>A sandbox plus the connector's real services (client over loopback HTTP, stores, poller) wired like a host.</summary>
internal sealed class SandboxPolling : IAsyncDisposable
{
    public const string Connection = "sandbox";

    /// <summary>A settings value replaced by the sandbox's base address (for extra connections to the same sandbox).</summary>
    public const string SandboxUrl = "{sandbox}";

    private SandboxPolling(SandboxHost sandbox, ServiceProvider services)
    {
        Sandbox = sandbox;
        Services = services;
        Runner = services.GetRequiredService<PollRunner>();
    }

    public SandboxHost Sandbox { get; }

    public ServiceProvider Services { get; }

    public PollRunner Runner { get; }

    /// <summary>Starts a sandbox and the connector's services; <paramref name="time"/> drives both (sandbox timestamps, leases, caches).</summary>
    public static async Task<SandboxPolling> StartAsync(SandboxOptions? options = null, IEnumerable<KeyValuePair<string, string?>>? settings = null, TimeProvider? time = null)
    {
        options ??= new SandboxOptions { Customers = 12, Items = 40, SalesOrders = 15, PurchaseOrders = 6, Vendors = 4 };
        if (time is not null)
        {
            options.TimeProvider = time;
        }

        var sandbox = await SandboxHost.StartAsync(options);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
        [
            new($"P21:Connections:{Connection}:BaseUrl", sandbox.BaseAddress.ToString()),
            new($"P21:Connections:{Connection}:UserName", options.UserName),
            new($"P21:Connections:{Connection}:PasswordSecretName", "p21-password"),
            new($"P21:Connections:{Connection}:ServerUtcOffset", options.UtcOffset.ToString("c", CultureInfo.InvariantCulture)),
            new($"P21:Connections:{Connection}:PageSize", "25"),
            new("Secrets:p21-password", options.Password),
            new("Storage:ConnectionString", "memory"),
        ]).AddInMemoryCollection((settings ?? []).Select(s => new KeyValuePair<string, string?>(s.Key, s.Value == SandboxUrl ? sandbox.BaseAddress.ToString() : s.Value))).Build();
        var services = new ServiceCollection()
            .AddSingleton(time ?? TimeProvider.System)
            .AddSingleton<IConfiguration>(configuration)
            .AddP21Secrets(configuration)
            .AddP21Client(configuration)
            .AddP21Storage(configuration)
            .AddP21Poll(configuration)
            .AddP21Push(configuration)
            .BuildServiceProvider();
        return new SandboxPolling(sandbox, services);
    }

    public Task<PollResult> RunAsync(string entity, IChangeSink sink, PollMode mode = PollMode.Incremental, bool dryRun = false) =>
        Runner.RunAsync(new PollRequest(Connection, entity, mode, DryRun: dryRun), sink);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Sandbox.DisposeAsync();
    }
}
