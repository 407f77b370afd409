using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using P21.Connector.Amazon;
using P21.Connector.Tests.Intake;
using P21.Sandbox.Amazon;
using P21.Sandbox.Stores;

namespace P21.Connector.Tests.Amazon;

/// <summary>
/// <see cref="SpApiClient"/> as <c>AddP21Amazon</c> registers it, pointed at a <see cref="SpApiFake"/> over real
/// loopback HTTP, with a dictionary secret source and a <see cref="JumpingClock"/> the fake shares.
/// </summary>
internal sealed class AmazonHarness : IAsyncDisposable
{
    public const string ClientSecretName = "amazon-lwa-client-secret";
    public const string RefreshTokenName = "amazon-refresh-token";

    private readonly ServiceProvider _services;

    private AmazonHarness(SpApiFake fake, JumpingClock clock, IDictionary<string, string?> settings, bool pull)
    {
        Fake = fake;
        Clock = clock;
        Secrets.Set(ClientSecretName, SpApiFake.ClientSecret);
        Secrets.Set(RefreshTokenName, SpApiFake.RefreshToken);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<P21.Connector.Secrets.ISecretSource>(Secrets);
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        services.AddP21Amazon(configuration);
        if (pull)
        {
            // The pulls as AddP21Connector registers them, over in-memory stores and a queue that records.
            services.AddP21Storage(configuration).AddP21Intake(configuration);
            services.AddSingleton<P21.Connector.Commands.ICommandQueue>(Queue);
            clock.Background = due => due == P21.Connector.Intake.Pulls.AmazonOrderPull.LeaseDuration / 3;
        }

        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public SpApiFake Fake { get; }

    public JumpingClock Clock { get; }

    public DictionarySecretSource Secrets { get; } = new();

    /// <summary>What the pulls enqueued (only with <c>pull: true</c>).</summary>
    public RecordingCommandQueue Queue { get; } = new();

    public IServiceProvider Services => _services;

    public SpApiClient Client => _services.GetRequiredService<SpApiClient>();

    public const string Connection = "acme";

    public static DateTimeOffset Start { get; } = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    public static Dictionary<string, string?> Settings(SpApiFake fake) => new()
    {
        ["Amazon:Endpoint"] = fake.BaseUrl.ToString(),
        ["Amazon:TokenEndpoint"] = fake.TokenEndpoint.ToString(),
        ["Amazon:ClientId"] = SpApiFake.ClientId,
        ["Amazon:ClientSecretName"] = ClientSecretName,
        ["Amazon:RefreshTokenName"] = RefreshTokenName,
        ["Amazon:MarketplaceIds:0"] = SpApiFake.Marketplace,
    };

    public static async Task<AmazonHarness> StartAsync(Action<Dictionary<string, string?>>? change = null, bool pull = false)
    {
        var clock = new JumpingClock(Start);
        SpApiFake fake = await SpApiFake.StartAsync(clock);
        Dictionary<string, string?> settings = Settings(fake);
        if (pull)
        {
            settings["Storage:ConnectionString"] = "memory";
            settings["Intake:Connection"] = Connection;
        }

        change?.Invoke(settings);
        return new AmazonHarness(fake, clock, settings, pull);
    }

    /// <summary>Seeds <paramref name="count"/> orders updated a minute apart from <see cref="Start"/>, one line each.</summary>
    public void SeedOrders(int count)
    {
        for (int i = 1; i <= count; i++)
        {
            Fake.Seed(OrderId(i), Start.AddHours(-2).AddMinutes(i), items: ($"SKU-{i}", 1, 10m));
        }
    }

    public static string OrderId(int n) => $"111-{n:D7}-{n * 7 % 10_000_000:D7}";

    public async Task<List<AmazonOrder>> AllOrdersAsync(Action<AmazonOrder>? each = null)
    {
        var orders = new List<AmazonOrder>();
        await foreach (AmazonOrder order in Client.GetOrdersAsync(Start.AddDays(-1), null, false, CancellationToken.None))
        {
            orders.Add(order);
            each?.Invoke(order);
        }

        return orders;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
