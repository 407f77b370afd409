using Microsoft.Azure.Functions.Worker;

using P21.Sandbox.Amazon;

namespace P21.Functions.Tests.Amazon;

/// <summary>What the Amazon timer tests share: the app settings that point the SP-API client at a fake, and a timer tick.</summary>
internal static class AmazonApp
{
    /// <summary>Sets the <c>Amazon:*</c> settings and their secrets for <paramref name="fake"/>; <paramref name="clientSecret"/> other than the fake's makes LWA refuse.</summary>
    public static void Configure(Dictionary<string, string?> settings, SpApiFake fake, string clientSecret = SpApiFake.ClientSecret)
    {
        settings["Amazon:Endpoint"] = fake.BaseUrl.ToString();
        settings["Amazon:TokenEndpoint"] = fake.TokenEndpoint.ToString();
        settings["Amazon:ClientId"] = SpApiFake.ClientId;
        settings["Amazon:ClientSecretName"] = "amazon-lwa-client-secret";
        settings["Amazon:RefreshTokenName"] = "amazon-refresh-token";
        settings["Amazon:MarketplaceIds:0"] = SpApiFake.Marketplace;
        settings["Secrets:amazon-lwa-client-secret"] = clientSecret;
        settings["Secrets:amazon-refresh-token"] = SpApiFake.RefreshToken;
    }

    /// <summary>A timer tick whose schedule ran <paramref name="every"/> ago and runs again after as long.</summary>
    public static TimerInfo Tick(TimeSpan every) =>
        new() { IsPastDue = false, ScheduleStatus = new ScheduleStatus { Last = DateTime.UtcNow - every, Next = DateTime.UtcNow + every } };
}
