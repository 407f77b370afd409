using Microsoft.Extensions.DependencyInjection;

using P21.Connector.Push;

namespace P21.Connector.Tests.Push;

/// <summary>AddP21Push registers an inventory adapter for every platform a target may name.</summary>
public sealed class PushRegistrationTests
{
    public static TheoryData<PushPlatform> Platforms() => [.. Enum.GetValues<PushPlatform>()];

    [Theory]
    [MemberData(nameof(Platforms))]
    public async Task EveryPlatform_HasAKeyedInventoryAdapter_WithAPositiveBatchCap(PushPlatform platform)
    {
        await using var harness = new PushHarness(PushHarness.TargetSettings("Shopify", "example.myshopify.com", "token", ("01", "gid://shopify/Location/1")));

        var adapter = harness.Services.GetRequiredKeyedService<IInventoryPlatform>(platform);

        Assert.InRange(adapter.MaxBatch, 1, 2000);
    }

    [Fact]
    public async Task UnknownTarget_IsAnArgumentErrorNamingTheSetting()
    {
        await using var harness = new PushHarness(PushHarness.TargetSettings("Shopify", "example.myshopify.com", "token", ("01", "gid://shopify/Location/1")));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => harness.Push.PushAsync("shop2", []));

        Assert.Contains("Push:Targets:shop2", error.Message, StringComparison.Ordinal);
    }
}
