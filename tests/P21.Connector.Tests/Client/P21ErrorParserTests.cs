using P21.Connector.Client;

namespace P21.Connector.Tests.Client;

public class P21ErrorParserTests
{
    [Fact]
    public void Create_EmptyBody500_IsTransientWithAnUnderLoadHint_NotTheAcceptHeader()
    {
        P21RequestFailedException ex = P21ErrorParser.Create(500, null, "", "main", "SubmitTransactionAsync");

        Assert.True(ex.IsTransient);
        Assert.Equal(500, ex.Status);
        // This client always sends Accept: application/json: blaming the header misleads an operator under load.
        Assert.Contains("P21 failing under load (run again later)", ex.Hint, StringComparison.Ordinal);
        Assert.DoesNotContain("Accept", ex.Hint, StringComparison.Ordinal);
        Assert.Null(ex.ResponseBody);
    }

    [Fact]
    public void Create_GlNotBalanced_IsPermanentWithP21Message()
    {
        P21RequestFailedException ex = P21ErrorParser.Create(
            500, "application/json", """{"ErrorMessage":"Records do not balance","ErrorType":"P21.Business.Common.BusinessException"}""", "main", "PostJournalAsync");

        Assert.False(ex.IsTransient);
        Assert.Equal("Records do not balance", ex.P21Message);
        Assert.Equal("P21.Business.Common.BusinessException", ex.ErrorCode);
        Assert.Contains("Records do not balance", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_404_IsNotFoundWithProbeHint()
    {
        P21RequestFailedException ex = P21ErrorParser.Create(404, null, "", "main", "QueryAsync");

        P21NotFoundException notFound = Assert.IsType<P21NotFoundException>(ex);
        Assert.False(notFound.IsTransient);
        Assert.Contains("probe with $top=1", notFound.Hint, StringComparison.Ordinal);

        // A wrong base path (P21 behind a reverse proxy, or a path added by hand) also answers 404: say so.
        Assert.Contains("a BaseUrl whose path is not the P21 web server's root", notFound.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ODataError_ReadsCodeAndMessage()
    {
        P21RequestFailedException ex = P21ErrorParser.Create(
            400, "application/json", """{"error":{"code":"BadFilter","message":"Syntax error at position 5"}}""", "main", "QueryAsync");

        Assert.Equal("BadFilter", ex.ErrorCode);
        Assert.Equal("Syntax error at position 5", ex.P21Message);
        Assert.False(ex.IsTransient);
    }

    [Theory]
    [InlineData(408, true)]
    [InlineData(429, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(400, false)]
    [InlineData(409, false)]
    public void Create_Status_ClassifiesTransience(int status, bool transient)
    {
        Assert.Equal(transient, P21ErrorParser.Create(status, "text/plain", "x", "main", "op").IsTransient);
    }

    [Fact]
    public void Create_401_IsAuthenticationExceptionNamingSettings()
    {
        P21RequestFailedException ex = P21ErrorParser.Create(401, null, "", "east", "QueryAsync");

        Assert.IsType<P21AuthenticationException>(ex);
        Assert.Contains("P21:Connections:east:UserName", ex.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_HtmlBody_HintsAtAcceptHeader()
    {
        P21RequestFailedException ex = P21ErrorParser.Create(400, "text/html", "<html>oops</html>", "main", "op");

        Assert.Contains("non-JSON (text/html)", ex.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_LongBody_IsTruncated()
    {
        P21RequestFailedException ex = P21ErrorParser.Create(500, "text/plain", new string('x', 5000), "main", "op");

        Assert.Equal(P21ErrorParser.MaxBodyChars + 1, ex.ResponseBody!.Length);
    }
}
