using P21.Sandbox;

namespace P21.Functions.Tests.App;

/// <summary>One small sandbox shared by the app tests (they run one after another in the <see cref="AppCollection"/>).</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public static SandboxOptions Options { get; } = new() { Customers = 12, Items = 40, SalesOrders = 15, PurchaseOrders = 6, Vendors = 4 };

    public SandboxHost Sandbox { get; private set; } = null!;

    public async Task InitializeAsync() => Sandbox = await SandboxHost.StartAsync(Options, "http://127.0.0.1:0");

    public async Task DisposeAsync() => await Sandbox.DisposeAsync();
}

/// <summary>The tests that share <see cref="SandboxFixture"/>; one at a time, so fault knobs never leak across tests.</summary>
[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<SandboxFixture>
{
    public const string Name = "app";
}
