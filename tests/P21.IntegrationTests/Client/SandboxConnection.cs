using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using P21.Connector.Client;
using P21.Connector.Connections;
using P21.Sandbox;

namespace P21.IntegrationTests.Client;

/// <summary>A sandbox on a free loopback port plus a real connector container pointed at it (connection "main").</summary>
internal sealed class SandboxConnection : IAsyncDisposable
{
    public const string PasswordSecret = "p21-main-password";
    public const string ConsumerKeySecret = "p21-main-consumer-key";

    private SandboxConnection(SandboxHost host, SandboxOptions options, ServiceProvider services, TestSecretSource secrets)
    {
        Host = host;
        Options = options;
        Services = services;
        Secrets = secrets;
    }

    public SandboxHost Host { get; }

    public SandboxOptions Options { get; }

    public ServiceProvider Services { get; }

    public TestSecretSource Secrets { get; }

    public P21Client Client => Services.GetRequiredService<IP21ClientProvider>().Get("main");

    public long TokenRequests => Host.Stats.Requests("token");

    public static async Task<SandboxConnection> StartAsync(
        SandboxOptions? options = null,
        P21AuthMode authMode = P21AuthMode.UserPassword,
        Action<Dictionary<string, string?>>? configure = null,
        Action<IServiceCollection>? services = null)
    {
        options ??= new SandboxOptions();
        SandboxHost host = await SandboxHost.StartAsync(options, "http://127.0.0.1:0");
        var settings = new Dictionary<string, string?>
        {
            ["P21:Connections:main:BaseUrl"] = host.BaseAddress.ToString(),
            ["P21:Connections:main:AuthMode"] = authMode.ToString(),
            ["P21:Connections:main:UserName"] = options.UserName,
            ["P21:Connections:main:PasswordSecretName"] = PasswordSecret,
            ["P21:Connections:main:ConsumerKeySecretName"] = ConsumerKeySecret,
            ["P21:Connections:main:ServerUtcOffset"] = options.UtcOffset.ToString(),
            ["P21:Connections:main:RequestTimeout"] = "00:00:05",
            ["P21:Connections:main:PageSize"] = "10",
        };
        configure?.Invoke(settings);

        var secrets = new TestSecretSource();
        secrets.Vault[PasswordSecret] = options.Password;
        secrets.Vault[ConsumerKeySecret] = options.ConsumerKey;

        var collection = new ServiceCollection();
        services?.Invoke(collection);
        collection.AddSingleton<P21.Connector.Secrets.ISecretSource>(secrets);
        collection.AddP21Client(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        ServiceProvider provider = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new SandboxConnection(host, options, provider, secrets);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Host.DisposeAsync();
    }
}
