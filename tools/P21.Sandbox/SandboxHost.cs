using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace P21.Sandbox;

/// <summary>An in-process P21 sandbox listening on a real loopback port; for tests, benchmarks and demos.</summary>
public sealed class SandboxHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SandboxHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Faults = app.Services.GetRequiredService<SandboxFaults>();
        Stats = app.Services.GetRequiredService<SandboxStats>();
        Permissions = app.Services.GetRequiredService<SandboxPermissions>();
    }

    /// <summary>The real bound address, ending with a slash (for example http://127.0.0.1:43123/).</summary>
    public Uri BaseAddress { get; }

    /// <summary>Fault knobs, the same ones /_sandbox/faults sets.</summary>
    public SandboxFaults Faults { get; }

    /// <summary>Request and row counters.</summary>
    public SandboxStats Stats { get; }

    /// <summary>The API user's table permissions, the same ones /_sandbox/permissions sets.</summary>
    public SandboxPermissions Permissions { get; }

    /// <summary>Seeds a database and starts listening; use port 0 to get a free port.</summary>
    public static async Task<SandboxHost> StartAsync(SandboxOptions options, string url = "http://127.0.0.1:0", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        WebApplication app = await SandboxApplication.BuildAsync(builder, options, cancellationToken);
        await app.StartAsync(cancellationToken);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SandboxHost(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Stops the server and deletes a temporary database.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
