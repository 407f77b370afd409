using System.Net.Http.Json;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

using P21.Connector.Client;
using P21.Connector.Client.Health;
using P21.Connector.Client.Models;
using P21.Connector.Connections;
using P21.Sandbox;

namespace P21.IntegrationTests.Client;

public class P21ClientAuthTests
{
    [Theory]
    [InlineData(P21AuthMode.UserPassword, false)]
    [InlineData(P21AuthMode.UserPassword, true)]
    [InlineData(P21AuthMode.ConsumerKey, false)]
    [InlineData(P21AuthMode.ConsumerKey, true)]
    [InlineData(P21AuthMode.LegacyHeaders, false)]
    [InlineData(P21AuthMode.LegacyHeaders, true)]
    public async Task CountAsync_EveryAuthModeAndTokenFormat_ReadsCustomers(P21AuthMode mode, bool xmlTokens)
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(
            new SandboxOptions { Customers = 12, XmlTokenResponses = xmlTokens }, mode);

        long count = await p21.Client.CountAsync("customer", null);

        Assert.Equal(12, count);
        Assert.Equal(1, p21.TokenRequests);
    }

    [Fact]
    public async Task CountAsync_ConsumerKeyWithoutUser_ReadsCustomers()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(
            new SandboxOptions { Customers = 5 }, P21AuthMode.ConsumerKey, s => s["P21:Connections:main:UserName"] = null);

        Assert.Equal(5, await p21.Client.CountAsync("customer", null));
    }

    [Fact]
    public async Task CountAsync_ManyConcurrentCallers_ShareOneTokenMint()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(new SandboxOptions { Customers = 5 });
        P21Client client = p21.Client;

        long[] counts = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => client.CountAsync("customer", null)));

        Assert.All(counts, c => Assert.Equal(5, c));
        Assert.Equal(1, p21.TokenRequests);
    }

    [Fact]
    public async Task ReadChangedPages_TokenRevokedMidStream_ReMintsOnceAndReturnsSameRows()
    {
        var options = new SandboxOptions { Customers = 40, InvalidateOlderTokensOnLogin = true };
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(options);
        var query = new ChangeQuery("customer", ["company_id", "customer_id"]);
        List<string> expected = await KeysAsync(p21.Client.ReadChangedPagesAsync(query));
        long mintsBefore = p21.TokenRequests;

        var keys = new List<string>();
        int page = 0;
        await foreach (P21Page p in p21.Client.ReadChangedPagesAsync(query))
        {
            keys.AddRange(p.Rows.Select(Key));
            if (++page == 2)
            {
                await LoginElsewhereAsync(p21.Host, options.UserName, options.Password); // revokes our token
            }
        }

        Assert.Equal(expected, keys);
        Assert.Equal(mintsBefore + 2, p21.TokenRequests); // the other login + exactly one re-mint
        Assert.Equal(0, p21.Secrets.Invalidations);
    }

    [Fact]
    public async Task CountAsync_SecretRotatedAndOldTokenRevoked_RereadsSecretAndSucceeds()
    {
        var options = new SandboxOptions { Customers = 7, InvalidateOlderTokensOnLogin = true };
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(options);
        Assert.Equal(7, await p21.Client.CountAsync("customer", null));

        // Rotation: the vault gets the new password, P21 takes it, and the old session dies.
        options.Password = "rotated-password";
        p21.Secrets.Vault[SandboxConnection.PasswordSecret] = "rotated-password";
        await LoginElsewhereAsync(p21.Host, options.UserName, "rotated-password");

        Assert.Equal(7, await p21.Client.CountAsync("customer", null));
        Assert.True(p21.Secrets.Invalidations >= 1);
    }

    [Fact]
    public async Task CountAsync_WrongPassword_ThrowsAuthenticationExceptionNamingTheFix()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(new SandboxOptions { Customers = 3 });
        p21.Secrets.Vault[SandboxConnection.PasswordSecret] = "wrong";
        await p21.Secrets.InvalidateAsync(SandboxConnection.PasswordSecret);

        P21AuthenticationException ex = await Assert.ThrowsAsync<P21AuthenticationException>(() => p21.Client.CountAsync("customer", null));

        Assert.False(ex.IsTransient);
        Assert.Contains("P21:Connections:main:PasswordSecretName", ex.Message, StringComparison.Ordinal);
        Assert.Contains("p21-main-password", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", ex.Message, StringComparison.Ordinal); // the secret's value never appears
        Assert.DoesNotContain(p21.Options.Password, ex.Message, StringComparison.Ordinal);
        Assert.True(p21.Secrets.Invalidations >= 2); // the test's own + the client's re-read
    }

    [Fact]
    public async Task CountAsync_MissingSecret_SaysWhichSecretToCreate()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(new SandboxOptions { Customers = 3 }, P21AuthMode.ConsumerKey);
        p21.Secrets.Vault.TryRemove(SandboxConnection.ConsumerKeySecret, out _);

        P21AuthenticationException ex = await Assert.ThrowsAsync<P21AuthenticationException>(() => p21.Client.CountAsync("customer", null));

        Assert.Contains("the secret 'p21-main-consumer-key' does not exist", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ConsumerKeySecretName", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CountAsync_TokenPastRenewalPoint_IsRenewedBeforeItExpires()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        var options = new SandboxOptions { Customers = 4, TokenLifetime = TimeSpan.FromMinutes(10), TimeProvider = time };
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(options, services: s => s.AddSingleton<TimeProvider>(time));

        await p21.Client.CountAsync("customer", null);
        time.Advance(TimeSpan.FromMinutes(8.5));
        await p21.Client.CountAsync("customer", null);
        Assert.Equal(1, p21.TokenRequests); // still inside the first 90% of the lifetime

        time.Advance(TimeSpan.FromMinutes(1)); // 9.5 min: past renewal (10% ahead), before expiry
        await p21.Client.CountAsync("customer", null);

        Assert.Equal(2, p21.TokenRequests);
        Assert.Equal(0, p21.Host.Stats.FaultsInjected);
    }

    [Fact]
    public async Task CheckAsync_GoodConnection_IsHealthy()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(new SandboxOptions { Customers = 3 });

        HealthReport report = await p21.Services.GetRequiredService<IConnectionHealth>().CheckAsync();

        Assert.True(report.IsHealthy);
        ConnectionHealthEntry entry = Assert.Single(report.Connections);
        Assert.True(entry.Reachable && entry.Authenticated);
        Assert.Null(entry.Error);
    }

    [Fact]
    public async Task CheckAsync_WrongPassword_IsUnhealthyWithFix()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(new SandboxOptions { Customers = 3 });
        p21.Secrets.Vault[SandboxConnection.PasswordSecret] = "nope";

        HealthReport report = await p21.Services.GetRequiredService<IConnectionHealth>().CheckAsync();

        ConnectionHealthEntry entry = Assert.Single(report.Connections);
        Assert.False(report.IsHealthy);
        Assert.True(entry.Reachable);
        Assert.False(entry.Authenticated);
        Assert.Contains("PasswordSecretName", entry.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("nope", entry.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_NothingListening_IsUnreachableWithFix()
    {
        await using SandboxConnection p21 = await SandboxConnection.StartAsync(
            new SandboxOptions { Customers = 1 },
            configure: s =>
            {
                s["P21:Connections:main:BaseUrl"] = "http://127.0.0.1:1/";
                s["P21:Connections:main:RequestTimeout"] = "00:00:02";
            });

        HealthReport report = await p21.Services.GetRequiredService<IConnectionHealth>().CheckAsync();

        ConnectionHealthEntry entry = Assert.Single(report.Connections);
        Assert.False(entry.Reachable);
        Assert.Contains("BaseUrl", entry.Error, StringComparison.Ordinal);
    }

    internal static string Key(P21Row row) => $"{row.GetString("company_id")}/{row.GetString("customer_id")}";

    internal static async Task<List<string>> KeysAsync(IAsyncEnumerable<P21Page> pages)
    {
        var keys = new List<string>();
        await foreach (P21Page page in pages)
        {
            keys.AddRange(page.Rows.Select(Key));
        }

        return keys;
    }

    private static async Task LoginElsewhereAsync(SandboxHost host, string user, string password)
    {
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using HttpResponseMessage response = await http.PostAsJsonAsync("api/security/token/v2", new { username = user, password });
        response.EnsureSuccessStatusCode();
    }
}
