using P21.Sandbox;

namespace P21.Cli.Tests;

/// <summary>One sandbox on a free loopback port for a test class, plus the connection options that reach it.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public static readonly SandboxOptions Options = new() { Customers = 12, Items = 30, SalesOrders = 12, PurchaseOrders = 4, Vendors = 3 };

    public SandboxHost Host { get; private set; } = null!;

    public string Url => Host.BaseAddress.ToString();

    /// <summary>The connection options for this sandbox with user/password auth and in-memory storage.</summary>
    public string[] Connection(params string[] more) =>
        ["--p21", Url, "--user", Options.UserName, "--password", Options.Password, "--utc-offset", "-05:00", "--storage", "memory", "--connection", "t" + Guid.NewGuid().ToString("N")[..10], .. more];

    public async Task InitializeAsync() => Host = await SandboxHost.StartAsync(Options, "http://127.0.0.1:0");

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
