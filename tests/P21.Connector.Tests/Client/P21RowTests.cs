using System.Text.Json;

using P21.Connector.Client.Models;

namespace P21.Connector.Tests.Client;

public class P21RowTests
{
    private static P21Row Row(string json, TimeSpan offset = default)
    {
        using var doc = JsonDocument.Parse(json);
        return new P21Row(doc.RootElement, offset);
    }

    [Fact]
    public void GetDateTimeOffset_NoOffset_IsServerLocal()
    {
        P21Row row = Row("""{"date_last_modified":"2021-04-26T13:09:15.507"}""", TimeSpan.FromHours(-4));

        DateTimeOffset value = row.GetDateTimeOffset("date_last_modified");

        Assert.Equal(new DateTimeOffset(2021, 4, 26, 17, 9, 15, 507, TimeSpan.Zero), value.ToUniversalTime());
        Assert.Equal(TimeSpan.FromHours(-4), value.Offset);
    }

    [Fact]
    public void GetDateTimeOffset_WithOffset_KeepsTheInstant()
    {
        P21Row row = Row("""{"d":"2021-04-26T13:09:15.507-04:00","z":"2021-04-26T17:09:15.507Z"}""", TimeSpan.FromHours(3));

        Assert.Equal(row.GetDateTimeOffset("z"), row.GetDateTimeOffset("d"));
        Assert.Equal(TimeSpan.FromHours(-4), row.GetDateTimeOffset("d").Offset);
    }

    [Fact]
    public void Accessors_ReadP21Shapes()
    {
        P21Row row = Row("""{"customer_id":100915.0,"credit_limit":"2500.50","delete_flag":"N","web":"y","name":"ACME","x":null,"flag":true}""");

        Assert.Equal(100915L, row.GetInt64("customer_id"));
        Assert.Equal(2500.50m, row.GetDecimal("credit_limit"));
        Assert.False(row.GetBoolean("delete_flag"));
        Assert.True(row.GetBoolean("web"));
        Assert.True(row.GetBoolean("flag"));
        Assert.Equal("ACME", row.GetString("NAME"));
        Assert.Null(row.GetString("x"));
        Assert.Equal("100915.0", row.GetString("customer_id"));
    }

    [Fact]
    public void Columns_MatchIgnoringCase_AlsoEscapedAndNonAsciiNames()
    {
        P21Row row = Row("""{"ITEM_ID":"BOLT-1","cust\u006Fmer_id":7,"größe":"L"}""");

        Assert.Equal("BOLT-1", row.GetString("item_id"));
        Assert.Equal(7L, row.GetInt64("CUSTOMER_ID"));
        Assert.Equal("L", row.GetString("GRÖßE"));
        Assert.False(row.Contains("item"));
    }

    [Fact]
    public void TryGet_MissingNullOrWrongShape_ReturnsFalse()
    {
        P21Row row = Row("""{"x":null,"s":"abc","n":1.5}""");

        Assert.False(row.TryGetString("x", out _));
        Assert.False(row.TryGetString("missing", out _));
        Assert.False(row.TryGetDecimal("s", out _));
        Assert.False(row.TryGetInt64("n", out _));
        Assert.False(row.TryGetBoolean("s", out _));
        Assert.False(row.TryGetDateTimeOffset("s", out _));
    }

    [Fact]
    public void Get_MissingColumn_SaysHowToFindColumns()
    {
        var ex = Assert.Throws<KeyNotFoundException>(() => Row("{}").GetString("customer_name"));

        Assert.Contains("probe the table with $top=1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_WrongShape_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => Row("""{"flag":"maybe"}""").GetBoolean("flag"));
    }

    [Fact]
    public void Row_OutlivesItsDocument()
    {
        P21Row row;
        using (var doc = JsonDocument.Parse("""{"a":"b"}"""))
        {
            row = new P21Row(doc.RootElement);
        }

        Assert.Equal("b", row.GetString("a"));
    }
}
