using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

using P21.Connector.Client;
using P21.Connector.Secrets;

namespace P21.Connector.Tests.Client;

/// <summary>Token behaviour the sandbox cannot provoke, against a tiny P21 stand-in on a loopback port.</summary>
public sealed class P21TokenLifecycleTests : IAsyncLifetime
{
    private readonly StubState _state = new();
    private WebApplication? _app;
    private Uri? _baseUrl;

    public async Task InitializeAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/api/security/token/v2", () =>
        {
            int n = Interlocked.Increment(ref _state.TokenRequests);
            return _state.TokenStatus == 200
                ? Results.Text($$"""{"AccessToken":"t{{n}}","ExpiresInSeconds":600}""", "application/json")
                : Results.Text("""{"ErrorMessage":"token service down","ErrorType":"System.ArgumentException"}""", "application/json", statusCode: _state.TokenStatus);
        });
        _app.MapGet("/odataservice/odata/table/customer", (HttpContext context) =>
        {
            Interlocked.Increment(ref _state.DataRequests);
            _state.LastAuthorization = context.Request.Headers.Authorization.ToString();
            return _state.DataAlwaysUnauthorized
                ? Results.Text("""{"Message":"Authorization has been denied for this request."}""", "application/json", statusCode: 401)
                : Results.Text("""{"@odata.count":5,"value":[]}""", "application/json");
        });
        await _app.StartAsync();
        _baseUrl = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task CountAsync_DataAlways401_ReMintsRereadsSecretThenThrowsAuthenticationException()
    {
        _state.DataAlwaysUnauthorized = true;
        var secrets = new CountingSecretSource();
        using ServiceProvider services = CreateServices(secrets, null);
        P21Client client = services.GetRequiredService<IP21ClientProvider>().Get("main");

        P21AuthenticationException ex = await Assert.ThrowsAsync<P21AuthenticationException>(() => client.CountAsync("customer", null));

        Assert.Equal(401, ex.Status);
        Assert.Contains("P21:Connections:main:UserName", ex.Hint, StringComparison.Ordinal);
        Assert.Equal(3, _state.TokenRequests); // first token, re-mint, re-mint after the secret re-read
        Assert.Equal(3, _state.DataRequests); // the request, retried once per fresh token
        Assert.Equal(1, secrets.Invalidations);
        Assert.Equal("Bearer t3", _state.LastAuthorization);
    }

    [Fact]
    public async Task CountAsync_RenewalFailsBeforeExpiry_KeepsCurrentTokenUntilItExpires()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));
        using ServiceProvider services = CreateServices(new CountingSecretSource(), time);
        P21Client client = services.GetRequiredService<IP21ClientProvider>().Get("main");
        Assert.Equal(5, await client.CountAsync("customer", null));

        _state.TokenStatus = 400;
        time.Advance(TimeSpan.FromMinutes(9.5)); // renewal due (last 10%), token still valid
        Assert.Equal(5, await client.CountAsync("customer", null));
        Assert.Equal("Bearer t1", _state.LastAuthorization);
        Assert.Equal(2, _state.TokenRequests);

        time.Advance(TimeSpan.FromMinutes(1)); // expired: no fallback left
        P21RequestFailedException ex = await Assert.ThrowsAsync<P21RequestFailedException>(() => client.CountAsync("customer", null));
        Assert.Equal(400, ex.Status);
        Assert.Equal("token service down", ex.P21Message);
    }

    private ServiceProvider CreateServices(ISecretSource secrets, TimeProvider? time)
    {
        var services = new ServiceCollection();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddSingleton(secrets);
        services.AddP21Client(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["P21:Connections:main:BaseUrl"] = _baseUrl!.ToString(),
            ["P21:Connections:main:UserName"] = "api_user",
            ["P21:Connections:main:PasswordSecretName"] = "pw",
            ["P21:Connections:main:RequestTimeout"] = "00:00:05",
        }).Build());
        return services.BuildServiceProvider();
    }

    private sealed class StubState
    {
        public int TokenRequests;
        public int DataRequests;
        public volatile bool DataAlwaysUnauthorized;
        public volatile int TokenStatus = 200;
        public volatile string? LastAuthorization;
    }

    private sealed class CountingSecretSource : ISecretSource
    {
        private int _invalidations;

        public int Invalidations => Volatile.Read(ref _invalidations);

        public ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken = default) => ValueTask.FromResult<string?>("api_password");

        public ValueTask InvalidateAsync(string name, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _invalidations);
            return ValueTask.CompletedTask;
        }
    }
}
