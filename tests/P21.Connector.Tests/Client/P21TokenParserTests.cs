using P21.Connector.Client.Auth;

namespace P21.Connector.Tests.Client;

public class P21TokenParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Parse_JsonWithExpiresInSeconds_UsesIt()
    {
        P21Token? token = P21TokenParser.Parse("""{"AccessToken":"abc","RefreshToken":"r","ExpiresInSeconds":86400,"TokenType":"Bearer"}""", Now);

        Assert.NotNull(token);
        Assert.Equal("abc", token.AccessToken);
        Assert.Equal(Now.AddDays(1), token.ExpiresAt);
    }

    [Fact]
    public void Parse_JsonConsumerKeyWithExpiresIn_UsesIt()
    {
        P21Token? token = P21TokenParser.Parse("""{"AccessToken":"k","TokenType":"Bearer","ExpiresIn":3600,"Scope":"/api;/p21sdk"}""", Now);

        Assert.Equal(Now.AddHours(1), token!.ExpiresAt);
    }

    [Fact]
    public void Parse_JsonExpiryAsString_UsesIt()
    {
        Assert.Equal(Now.AddSeconds(120), P21TokenParser.Parse("""{"AccessToken":"k","ExpiresInSeconds":"120"}""", Now)!.ExpiresAt);
    }

    [Fact]
    public void Parse_Xml_ReadsAccessTokenAndExpiresIn()
    {
        const string xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <TokenResponse xmlns="http://schemas.datacontract.org/2004/07/P21.Soa"><AccessToken>xyz</AccessToken><ExpiresIn>600</ExpiresIn><TokenType>Bearer</TokenType></TokenResponse>
            """;

        P21Token? token = P21TokenParser.Parse(xml, Now);

        Assert.Equal("xyz", token!.AccessToken);
        Assert.Equal(Now.AddMinutes(10), token.ExpiresAt);
    }

    [Fact]
    public void Parse_NeverExpireConsumerKey_DoesNotOverflow()
    {
        P21Token? token = P21TokenParser.Parse("""{"AccessToken":"k","ExpiresIn":630720000}""", Now);

        Assert.Equal(Now.AddSeconds(630720000), token!.ExpiresAt);
    }

    [Fact]
    public void Parse_NoExpiry_UsesConservativeDefault()
    {
        Assert.Equal(Now + P21TokenParser.DefaultLifetime, P21TokenParser.Parse("""{"AccessToken":"k"}""", Now)!.ExpiresAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("""{"AccessToken":""}""")]
    [InlineData("<html>login</html>")]
    [InlineData("not json")]
    public void Parse_NoToken_ReturnsNull(string body)
    {
        Assert.Null(P21TokenParser.Parse(body, Now));
    }

    [Fact]
    public void RenewAt_LongLifetime_IsFiveMinutesAhead()
    {
        var token = new P21Token("t", Now, TimeSpan.FromHours(24));

        Assert.Equal(token.ExpiresAt - TimeSpan.FromMinutes(5), token.RenewAt);
    }

    [Fact]
    public void RenewAt_ShortLifetime_IsTenPercentAhead()
    {
        var token = new P21Token("t", Now, TimeSpan.FromSeconds(60));

        Assert.Equal(Now.AddSeconds(54), token.RenewAt);
    }

    [Fact]
    public void ToString_NeverShowsTheToken()
    {
        Assert.DoesNotContain("secret-token", new P21Token("secret-token", Now, TimeSpan.FromHours(1)).ToString(), StringComparison.Ordinal);
    }
}
