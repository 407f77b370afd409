using System.Text.Json.Serialization;

namespace P21.Sandbox.Json;

/// <summary>Source-generated JSON metadata for every fixed-shape message the sandbox reads or writes.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(P21Error))]
[JsonSerializable(typeof(BusinessError))]
[JsonSerializable(typeof(AuthorizationDenied))]
[JsonSerializable(typeof(UserTokenResponse))]
[JsonSerializable(typeof(ConsumerTokenResponse))]
[JsonSerializable(typeof(TokenError))]
[JsonSerializable(typeof(RouterResponse))]
[JsonSerializable(typeof(Transactions.TransactionRequest))]
[JsonSerializable(typeof(Transactions.TransactionGetRequest))]
[JsonSerializable(typeof(Transactions.TransactionResponse))]
[JsonSerializable(typeof(Transactions.TransactionGetResponse))]
[JsonSerializable(typeof(Transactions.ServiceDefinitionResponse))]
[JsonSerializable(typeof(Transactions.DefinitionTemplate))]
[JsonSerializable(typeof(List<Transactions.ServiceSummary>))]
[JsonSerializable(typeof(Transactions.AsyncTransactionState))]

internal sealed partial class SandboxJsonContext : JsonSerializerContext
{
    /// <summary>The same metadata with numbers and booleans accepted as strings (Json.NET-like), for lenient Transaction API binding.</summary>
    public static SandboxJsonContext Lenient { get; } = new(new System.Text.Json.JsonSerializerOptions { Converters = { new LenientStringConverter() } });
}

/// <summary>JSON metadata for the REST families, which (like P21's Json.NET binding) read property names case-insensitively.</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(List<Rest.GlLine>))]
[JsonSerializable(typeof(Rest.SalesOrder))]
[JsonSerializable(typeof(List<Rest.SalesOrder>))]
[JsonSerializable(typeof(Rest.Part))]
[JsonSerializable(typeof(Rest.PartPrice))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonArray))]
internal sealed partial class RestJsonContext : JsonSerializerContext;
