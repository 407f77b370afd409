using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using P21.Connector.Secrets;

namespace P21.Connector.Tests.Secrets;

public class SecretSourceTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    [Fact]
    public async Task ConfigurationSource_ReadsSecretsSection()
    {
        var sut = new ConfigurationSecretSource(Settings(("Secrets:p21-password", "pw")));

        Assert.Equal("pw", await sut.GetSecretAsync("p21-password"));
        Assert.Null(await sut.GetSecretAsync("missing"));
    }

    [Fact]
    public async Task ConfigurationSource_KeyVaultReferenceSettingWithUnderscores_Found()
    {
        // infra-bicep names the Key Vault reference for secret p21-main-password "Secrets__p21_main_password".
        var sut = new ConfigurationSecretSource(Settings(("Secrets:p21_main_password", "from-kv-reference")));

        Assert.Equal("from-kv-reference", await sut.GetSecretAsync("p21-main-password"));
    }

    [Fact]
    public async Task ConfigurationSource_ExactNameWinsOverUnderscoreForm()
    {
        var sut = new ConfigurationSecretSource(Settings(("Secrets:p21-main-password", "exact"), ("Secrets:p21_main_password", "reference")));

        Assert.Equal("exact", await sut.GetSecretAsync("p21-main-password"));
    }

    [Fact]
    public async Task Composite_FirstValueWins_FallsBackWhenMissing()
    {
        var first = new ConfigurationSecretSource(Settings(("Secrets:a", "from-first")));
        var second = new ConfigurationSecretSource(Settings(("Secrets:a", "from-second"), ("Secrets:b", "only-second")));
        var sut = new CompositeSecretSource(first, second);

        Assert.Equal("from-first", await sut.GetSecretAsync("a"));
        Assert.Equal("only-second", await sut.GetSecretAsync("b"));
        Assert.Null(await sut.GetSecretAsync("c"));
    }

    [Fact]
    public void AddP21Secrets_NoVault_UsesSettings()
    {
        using var provider = new ServiceCollection().AddP21Secrets(Settings(("Secrets:x", "1"))).BuildServiceProvider();

        Assert.IsType<ConfigurationSecretSource>(provider.GetRequiredService<ISecretSource>());
    }

    [Fact]
    public void AddP21Secrets_Vault_UsesKeyVaultThenSettings()
    {
        using var provider = new ServiceCollection().AddP21Secrets(Settings(("KeyVault:VaultUri", "https://v.vault.azure.net/"))).BuildServiceProvider();

        Assert.IsType<CompositeSecretSource>(provider.GetRequiredService<ISecretSource>());
    }

    [Fact]
    public void AddP21Secrets_HttpVault_FailsWithFix()
    {
        using var provider = new ServiceCollection().AddP21Secrets(Settings(("KeyVault:VaultUri", "http://v.vault.azure.net/"))).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<KeyVaultOptions>>().Value);
        Assert.Contains("https://", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://kv-p21.vault.azure.net/secrets/p21-main-password/)")]
    [InlineData(" @microsoft.keyvault(VaultName=kv-p21;SecretName=p21-main-password)")]
    public async Task GetSecretAsync_UnresolvedKeyVaultReference_IsNoValue_NeverSentAsAPassword(string reference)
    {
        var sut = new CompositeSecretSource(new ConfigurationSecretSource(Settings(("Secrets:p21_main_password", reference))));

        Assert.Null(await sut.GetSecretAsync("p21-main-password"));
    }
}
