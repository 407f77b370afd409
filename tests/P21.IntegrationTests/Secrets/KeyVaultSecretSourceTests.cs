using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;

using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

using P21.Connector.Secrets;

namespace P21.IntegrationTests.Secrets;

public sealed class KeyVaultSecretSourceTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero));
    private KeyVaultFake _vault = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _vault = await KeyVaultFake.StartAsync();
        string thumbprint = _vault.Certificate.Thumbprint;
#pragma warning disable CA2000 // The HttpClient owns and disposes the handler.
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == thumbprint };
#pragma warning restore CA2000
        _http = new HttpClient(handler);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _vault.DisposeAsync();
    }

    private KeyVaultSecretSource CreateSut()
    {
        var options = new SecretClientOptions
        {
            DisableChallengeResourceVerification = true,
            Transport = new HttpClientTransport(_http),
        };
        options.Retry.MaxRetries = 0;
        var client = new SecretClient(_vault.VaultUri, new StaticTokenCredential(), options);
        return new KeyVaultSecretSource(client, _time, TimeSpan.FromHours(1), NullLogger<KeyVaultSecretSource>.Instance);
    }

    [Fact]
    public async Task GetSecret_TwoReads_AskTheVaultOnce()
    {
        _vault.SetSecret("p21-password", "s3cret");
        var sut = CreateSut();

        Assert.Equal("s3cret", await sut.GetSecretAsync("p21-password"));
        Assert.Equal("s3cret", await sut.GetSecretAsync("p21-password"));
        Assert.Equal(1, _vault.AuthorizedReads("p21-password"));
    }

    [Fact]
    public async Task GetSecret_AfterInvalidate_ReturnsRotatedValue()
    {
        _vault.SetSecret("p21-password", "old");
        var sut = CreateSut();
        Assert.Equal("old", await sut.GetSecretAsync("p21-password"));

        _vault.SetSecret("p21-password", "new");
        Assert.Equal("old", await sut.GetSecretAsync("p21-password"));
        await sut.InvalidateAsync("p21-password");

        Assert.Equal("new", await sut.GetSecretAsync("p21-password"));
        Assert.Equal(2, _vault.AuthorizedReads("p21-password"));
    }

    [Fact]
    public async Task GetSecret_AfterCacheDuration_ReadsAgain()
    {
        _vault.SetSecret("webhook-key", "v1");
        var sut = CreateSut();
        await sut.GetSecretAsync("webhook-key");
        _vault.SetSecret("webhook-key", "v2");

        _time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        Assert.Equal("v2", await sut.GetSecretAsync("webhook-key"));
    }

    [Fact]
    public async Task GetSecret_Missing_ReturnsNullAndIsNotCached()
    {
        var sut = CreateSut();

        Assert.Null(await sut.GetSecretAsync("not-there"));
        _vault.SetSecret("not-there", "added later");

        Assert.Equal("added later", await sut.GetSecretAsync("not-there"));
    }

    private sealed class StaticTokenCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new("fake-token", DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
