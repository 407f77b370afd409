using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using P21.Connector.Push;

namespace P21.Connector.Tests.Push;

/// <summary>Bad push settings fail at start-up with the setting path an operator edits.</summary>
public sealed class PushOptionsValidatorTests
{
    public static TheoryData<string, string?, string> BadSettings() => new()
    {
        { "Locations:01", "", "Push:Targets:shop1:Locations:01 is empty" },
        { "CredentialSecret", "", "Push:Targets:shop1:CredentialSecret is required" },
        { "Connection", "", "Push:Targets:shop1:Connection is required" },
        { "Platform", null, "Push:Targets:shop1:Platform" },
        { "Address", "http://shop.example.com", "Push:Targets:shop1:Address 'http://shop.example.com' must use https" },
        { "Locations:01", "1001", "Push:Targets:shop1:Locations:01 must be a Shopify location GID" },
        { "ApiVersion", "latest", "Push:Targets:shop1:ApiVersion must look like 2026-04" },
        { "Entities:0", "orders", "Push:Targets:shop1:Entities holds 'orders'" },
        { "Carriers:1001", " ", "Push:Targets:shop1:Carriers:1001 is empty" },
        { "Locations:02", "gid://shopify/Location/1", "Push:Targets:shop1:Locations maps P21 locations 01, 02 to the same platform location" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task BadSetting_FailsAtStartUp_NamingTheSettingPath(string key, string? value, string expected)
    {
        var settings = PushHarness.TargetSettings("Shopify", "example.myshopify.com", "shopify-token", ("01", "gid://shopify/Location/1"));
        settings[$"Push:Targets:shop1:{key}"] = value;
        await using var harness = await Build(settings);

        var error = Assert.Throws<OptionsValidationException>(() => harness.Services.GetRequiredService<IOptions<PushOptions>>().Value);

        Assert.Contains(error.Failures, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoLocations_FailsNamingTheLocationsSetting()
    {
        var settings = PushHarness.TargetSettings("Shopify", "example.myshopify.com", "shopify-token");
        await using var harness = await Build(settings);

        var error = Assert.Throws<OptionsValidationException>(() => harness.Services.GetRequiredService<IOptions<PushOptions>>().Value);

        Assert.Equal(["Push:Targets:shop1:Locations is empty (map each pushed P21 location_id to a platform location)"], error.Failures);
    }

    [Fact]
    public async Task GoodSettings_Validate_AndDefaultTheShopifyApiVersion()
    {
        var settings = PushHarness.TargetSettings("Shopify", "example.myshopify.com", "shopify-token", ("01", "gid://shopify/Location/1"));
        await using var harness = await Build(settings);

        var target = harness.Services.GetRequiredService<IOptions<PushOptions>>().Value.Targets["shop1"];

        Assert.Equal(PushPlatform.Shopify, target.Platform);
        Assert.Equal("2026-04", target.ShopifyApiVersion);
        Assert.Empty(target.Entities);
        Assert.All(PushEntities.Known, e => Assert.True(target.Pushes(e), e));
    }

    [Fact]
    public async Task Entities_NamedInSettings_AreAllThatIsPushed_NotAddedToTheDefault()
    {
        var settings = PushHarness.TargetSettings("Shopify", "example.myshopify.com", "shopify-token", ("01", "gid://shopify/Location/1"));
        settings["Push:Targets:shop1:Entities:0"] = "inventory";
        await using var harness = await Build(settings);

        var target = harness.Services.GetRequiredService<IOptions<PushOptions>>().Value.Targets["shop1"];

        Assert.Equal([PushEntities.Inventory], target.Entities);
        Assert.Equal([true, false, false], PushEntities.Known.Select(target.Pushes));
    }

    [Fact]
    public async Task BigCommerce_NeedsNumericLocationIds_AndTakesABareStoreHash()
    {
        var settings = PushHarness.TargetSettings("BigCommerce", "abc123", "bc-token", ("01", "main"));
        await using var harness = await Build(settings);

        var error = Assert.Throws<OptionsValidationException>(() => harness.Services.GetRequiredService<IOptions<PushOptions>>().Value);

        Assert.Equal(["Push:Targets:shop1:Locations:01 must be a BigCommerce location id (a whole number), not 'main'"], error.Failures);
        Assert.Equal("https://api.bigcommerce.com/stores/abc123", PushAddress.BaseUri(PushPlatform.BigCommerce, "abc123", out _)!.OriginalString);
    }

    private static Task<PushHarness> Build(Dictionary<string, string?> settings)
    {
        // The harness builds the provider; options are validated when first read, as ValidateOnStart does at host start.
        try
        {
            return Task.FromResult(new PushHarness(settings));
        }
        catch (OptionsValidationException)
        {
            throw new InvalidOperationException("InventoryPush must not read its options while it is built");
        }
    }
}
