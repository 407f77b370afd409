using System.Text.Json;

using P21.Connector.Client;
using P21.Connector.Client.Models;

namespace P21.Connector.Tests.Client;

public class TransactionGetResultTests
{
    private const string Record = """{"Status":"Passed","DataElements":[{"Name":"TABPAGE_1.order","Rows":[{"Edits":[{"Name":"order_no","Value":"1000123"}]}]}]}""";

    [Theory]
    [InlineData("""{"Transactions":[""" + Record + "]}")]
    [InlineData("""{"Messages":["Transaction 1:: "],"Results":{"Name":"Order","Transactions":[""" + Record + """]},"Summary":{"Succeeded":1,"Failed":0,"Other":0}}""")]
    public void Records_TopLevelOrWriteEnvelope_BothYieldTheRecord(string json)
    {
        TransactionGetResult result = JsonSerializer.Deserialize(json, P21JsonContext.Default.TransactionGetResult)!;

        P21Transaction record = Assert.Single(result.Records);
        Assert.Equal("Passed", record.Status);
        Assert.Equal("1000123", result.FindValue("order_no", "TABPAGE_1.order"));
    }

    [Fact]
    public void FindValue_UnknownRecord_IsNull()
    {
        TransactionGetResult result = JsonSerializer.Deserialize("""{"Transactions":[{"Status":"Failed","DataElements":[]}]}""", P21JsonContext.Default.TransactionGetResult)!;

        Assert.Single(result.Records);
        Assert.Null(result.FindValue("order_no"));
    }
}
