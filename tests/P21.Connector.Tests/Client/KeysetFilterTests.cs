using P21.Connector.Client.Models;
using P21.Connector.Client.OData;

namespace P21.Connector.Tests.Client;

public class KeysetFilterTests
{
    private static readonly DateTimeOffset T = new(2021, 4, 26, 17, 9, 15, 507, TimeSpan.Zero);

    [Fact]
    public void After_TwoKeys_NestsTieBreakersAndWritesServerLocalTime()
    {
        var after = new KeysetPosition(T, ["100915", "'O''Neil'"]);

        string? predicate = KeysetFilter.After("date_last_modified", ["customer_id", "name"], after, null, TimeSpan.FromHours(-4));

        Assert.Equal(
            "(date_last_modified gt 2021-04-26T13:09:15.507-04:00) or (date_last_modified eq 2021-04-26T13:09:15.507-04:00 and (customer_id gt 100915 or (customer_id eq 100915 and name gt 'O''Neil')))",
            predicate);
    }

    [Fact]
    public void KeyAfter_TwoKeys_SeeksTheFirstKeyThenBreaksTies()
    {
        string? predicate = KeysetFilter.KeyAfter("date_last_modified", ["location_id", "inv_mast_uid"], new KeysetPosition(T, ["10", "42"]), null, TimeSpan.Zero);

        Assert.Equal("location_id ge 10 and (location_id gt 10 or (location_id eq 10 and inv_mast_uid gt 42))", predicate);
    }

    [Fact]
    public void KeyAfter_OneKeyAndSince_AndsTheDateWithoutOrderingByIt()
    {
        string? predicate = KeysetFilter.KeyAfter("date_last_modified", ["inv_mast_uid"], new KeysetPosition(T, ["42"]), T, TimeSpan.FromHours(-5));

        Assert.Equal("date_last_modified ge 2021-04-26T12:09:15.507-05:00 and inv_mast_uid gt 42", predicate);
        Assert.Equal(["inv_mast_uid"], KeysetFilter.OrderBy(PageOrder.Key, "date_last_modified", ["inv_mast_uid"]));
    }

    [Fact]
    public void KeyThrough_TwoKeys_SeeksTheFirstKeyThenIncludesTheBoundItself()
    {
        string predicate = KeysetFilter.KeyThrough(["location_id", "inv_mast_uid"], new KeysetPosition(T, ["10", "42"]));

        Assert.Equal("location_id le 10 and (location_id lt 10 or (location_id eq 10 and inv_mast_uid le 42))", predicate);
        Assert.Equal("item_id le 'A''B'", KeysetFilter.KeyThrough(["item_id"], new KeysetPosition(T, ["'A''B'"])));
        Assert.Throws<ArgumentException>(() => KeysetFilter.KeyThrough(["a", "b"], new KeysetPosition(T, ["1"])));
    }

    [Fact]
    public void KeyAfter_NeitherPositionNorSince_IsNull()
    {
        Assert.Null(KeysetFilter.KeyAfter("date_last_modified", ["k"], null, null, TimeSpan.Zero));
    }

    [Fact]
    public void KeyAfter_PositionOfAnotherQuery_ThrowsWithReason()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            KeysetFilter.KeyAfter("date_last_modified", ["a", "b"], new KeysetPosition(T, ["1"]), null, TimeSpan.Zero));

        Assert.Contains("only resumes the query that produced it", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void After_OneKey_HasNoNesting()
    {
        string? predicate = KeysetFilter.After("date_last_modified", ["order_no"], new KeysetPosition(T, ["'1013938'"]), null, TimeSpan.Zero);

        Assert.Equal(
            "(date_last_modified gt 2021-04-26T17:09:15.507+00:00) or (date_last_modified eq 2021-04-26T17:09:15.507+00:00 and order_no gt '1013938')",
            predicate);
    }

    [Fact]
    public void After_NoPositionButSince_IsInclusive()
    {
        string? predicate = KeysetFilter.After("max_date_last_modified", ["unique_id"], null, T, TimeSpan.FromHours(2));

        Assert.Equal("max_date_last_modified ge 2021-04-26T19:09:15.507+02:00", predicate);
    }

    [Fact]
    public void After_NeitherPositionNorSince_IsNull()
    {
        Assert.Null(KeysetFilter.After("date_last_modified", ["k"], null, null, TimeSpan.Zero));
    }

    [Fact]
    public void After_PositionOfAnotherQuery_ThrowsWithReason()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            KeysetFilter.After("date_last_modified", ["a", "b"], new KeysetPosition(T, ["1"]), null, TimeSpan.Zero));

        Assert.Contains("1 key value(s) but the query has 2 key column(s)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeysetPosition_SameInstantAndKeys_AreEqualAndStoredInUtc()
    {
        var a = new KeysetPosition(T.ToOffset(TimeSpan.FromHours(-4)), ["1", "'x'"]);
        var b = new KeysetPosition(T, new List<string> { "1", "'x'" });

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(TimeSpan.Zero, a.ModifiedUtc.Offset);
        Assert.NotEqual(a, b with { Key = ["1", "'y'"] });
    }

    [Theory]
    [InlineData(null, "p", "p")]
    [InlineData("delete_flag eq 'N'", null, "delete_flag eq 'N'")]
    [InlineData("a eq 1 or b eq 2", "c gt 3", "(a eq 1 or b eq 2) and (c gt 3)")]
    public void Combine_ParenthesisesBothSides(string? filter, string? predicate, string expected)
    {
        Assert.Equal(expected, KeysetFilter.Combine(filter, predicate));
    }

    [Theory]
    [InlineData("O'Neil", "'O''Neil'")]
    [InlineData("''", "''''''")]
    [InlineData("A/B +#&", "'A/B +#&'")]
    public void String_DoublesQuotes(string value, string expected)
    {
        Assert.Equal(expected, ODataLiterals.String(value));
    }

    [Fact]
    public void FromJson_TakesTypeFromJsonKind()
    {
        using var doc = System.Text.Json.JsonDocument.Parse("""{"n":100915.0,"s":"it's","b":true,"z":null}""");
        System.Text.Json.JsonElement root = doc.RootElement;

        Assert.Equal("100915.0", ODataLiterals.FromJson(root.GetProperty("n")));
        Assert.Equal("'it''s'", ODataLiterals.FromJson(root.GetProperty("s")));
        Assert.Equal("true", ODataLiterals.FromJson(root.GetProperty("b")));
        Assert.Equal("null", ODataLiterals.FromJson(root.GetProperty("z")));
    }

    [Fact]
    public void DateTime_WholeSecond_OmitsFraction()
    {
        Assert.Equal("2025-01-01T00:00:00-05:00", ODataLiterals.DateTime(new DateTimeOffset(2025, 1, 1, 5, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(-5)));
    }

    [Fact]
    public void Collection_EscapesEveryOption()
    {
        Uri uri = ODataUri.Collection(new Uri("https://p21.example.com:3443/base"), ODataSurface.View, "p21_view_customer",
            "name eq 'A&B'", ["a", "b"], ["date_last_modified", "k"], 500, 1000, count: true);

        Assert.Equal(
            "https://p21.example.com:3443/base/odataservice/odata/view/p21_view_customer?$filter=name%20eq%20%27A%26B%27&$select=a%2Cb&$orderby=date_last_modified%2Ck&$top=500&$skip=1000&$count=true",
            uri.AbsoluteUri);
    }
}
