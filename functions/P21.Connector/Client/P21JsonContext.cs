using System.Text.Json;
using System.Text.Json.Serialization;

using P21.Connector.Client.Auth;
using P21.Connector.Client.Models;

namespace P21.Connector.Client;

/// <summary>Source-generated JSON for the P21 client (property names are P21's, PascalCase, case-sensitive on writes).</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(TransactionRequest))]
[JsonSerializable(typeof(TransactionResult))]
[JsonSerializable(typeof(TransactionGetRequest))]
[JsonSerializable(typeof(TransactionGetResult))]
[JsonSerializable(typeof(IReadOnlyList<GlLine>))]
[JsonSerializable(typeof(List<GlLine>))]
[JsonSerializable(typeof(ODataPage))]
[JsonSerializable(typeof(UserPasswordTokenRequest))]
[JsonSerializable(typeof(ConsumerKeyTokenRequest))]
internal sealed partial class P21JsonContext : JsonSerializerContext;

/// <summary>An OData v4 collection response as <c>$count</c> reads it (pages of rows are read row by row by the client).</summary>
internal sealed class ODataPage
{
    [JsonPropertyName("@odata.count")]
    public long? Count { get; set; }
}
