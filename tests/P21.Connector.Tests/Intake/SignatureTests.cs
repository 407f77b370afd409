using System.Text;

using P21.Connector.Intake;
using P21.Connector.Intake.Signatures;

namespace P21.Connector.Tests.Intake;

public class SignatureTests
{
    private static IntakeRequest Request(string body, Dictionary<string, string> headers) =>
        new("generic", "orders", "application/json", headers, Encoding.UTF8.GetBytes(body));

    [Fact]
    public void StandardWebhooks_SpecExample_Verifies()
    {
        // The worked example of the Standard Webhooks / Svix documentation.
        const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        const string Body = "{\"test\": 2432232314}";
        var headers = new Dictionary<string, string>
        {
            ["webhook-id"] = "msg_p5jXN8AQM9LWM0D4loKWxJek",
            ["webhook-timestamp"] = "1614265330",
            ["webhook-signature"] = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        };

        var verdict = StandardWebhookSignature.Verify(Request(Body, headers), Secret, DateTimeOffset.FromUnixTimeSeconds(1614265330), TimeSpan.FromMinutes(5));

        Assert.True(verdict.IsValid, verdict.Reason);
        Assert.Equal(headers["webhook-signature"], StandardWebhookSignature.Sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, Encoding.UTF8.GetBytes(Body), Secret));
    }

    [Theory]
    [InlineData("v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", "holds no 'v1,<base64>' entry.")]
    [InlineData("v1,AAAA", "signature does not match the body.")]
    public void StandardWebhooks_OtherVersionOrWrongMac_IsRefused(string signature, string reason)
    {
        var headers = new Dictionary<string, string>
        {
            ["webhook-id"] = "msg_p5jXN8AQM9LWM0D4loKWxJek",
            ["webhook-timestamp"] = "1614265330",
            ["webhook-signature"] = signature,
        };

        var verdict = StandardWebhookSignature.Verify(Request("{\"test\": 2432232314}", headers), "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", DateTimeOffset.FromUnixTimeSeconds(1614265330), TimeSpan.FromMinutes(5));

        Assert.False(verdict.IsValid);
        Assert.Equal(reason, verdict.Reason);
    }

    [Fact]
    public void StandardWebhooks_FutureTimestampBeyondWindow_IsRefused()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1614265330);
        var body = "{}"u8.ToArray();
        var signedAt = now.AddMinutes(6).ToUnixTimeSeconds();
        var headers = new Dictionary<string, string>
        {
            ["webhook-id"] = "msg_1",
            ["webhook-timestamp"] = signedAt.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["webhook-signature"] = StandardWebhookSignature.Sign("msg_1", signedAt, body, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        };

        var verdict = StandardWebhookSignature.Verify(new IntakeRequest("generic", "orders", "application/json", headers, body), "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", now, TimeSpan.FromMinutes(5));

        Assert.Equal("webhook-timestamp", verdict.Header);
    }

    [Fact]
    public void StandardWebhooks_InvalidConfiguredSecret_RefusesWithoutRevealingIt()
    {
        var headers = new Dictionary<string, string> { ["webhook-id"] = "m", ["webhook-timestamp"] = "1614265330", ["webhook-signature"] = "v1,AAAA" };

        var verdict = StandardWebhookSignature.Verify(Request("{}", headers), "whsec_%%%not-base64%%%", DateTimeOffset.FromUnixTimeSeconds(1614265330), TimeSpan.FromMinutes(5));

        Assert.False(verdict.IsValid);
        Assert.DoesNotContain("%%%", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Shopify_KnownSecretAndBody_MatchesIndependentHmac()
    {
        var body = "{\"id\":1}"u8.ToArray();
        using var hmac = new System.Security.Cryptography.HMACSHA256(Encoding.UTF8.GetBytes("hush"));
        var expected = Convert.ToBase64String(hmac.ComputeHash(body));
        var headers = new Dictionary<string, string> { [ShopifySignature.HmacHeader] = expected };

        Assert.True(ShopifySignature.Verify(new IntakeRequest("shopify", "orders", "application/json", headers, body), "hush", DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(5)).IsValid);
        Assert.Equal(expected, ShopifySignature.Sign(body, "hush"));
    }

    [Fact]
    public void Shopify_WithoutTriggeredAt_SkipsReplayCheck()
    {
        var body = "{\"id\":1}"u8.ToArray();
        var headers = new Dictionary<string, string> { [ShopifySignature.HmacHeader] = ShopifySignature.Sign(body, "hush") };

        var verdict = ShopifySignature.Verify(new IntakeRequest("shopify", "orders", "application/json", headers, body), "hush", DateTimeOffset.MaxValue, TimeSpan.FromMinutes(5));

        Assert.True(verdict.IsValid);
    }

    [Fact]
    public void BigCommerce_SecretWithDifferentLength_IsRefused()
    {
        var headers = new Dictionary<string, string> { ["X-P21-Webhook-Token"] = "short" };

        var verdict = BigCommerceSharedSecret.Verify(new IntakeRequest("bigcommerce", "orders", "application/json", headers, "{}"u8.ToArray()), "X-P21-Webhook-Token", "a-much-longer-shared-secret");

        Assert.True(verdict.IsMismatch);
    }
}
