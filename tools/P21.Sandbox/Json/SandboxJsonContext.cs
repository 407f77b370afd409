using System.Text.Json.Serialization;

namespace P21.Sandbox.Json;

/// <summary>Source-generated JSON metadata for every fixed-shape message the sandbox reads or writes.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(P21Error))]
[JsonSerializable(typeof(BusinessError))]
[JsonSerializable(typeof(AuthorizationDenied))]
[JsonSerializable(typeof(UserTokenResponse))]
[JsonSerializable(typeof(ConsumerTokenResponse))]
[JsonSerializable(typeof(RouterResponse))]
internal sealed partial class SandboxJsonContext : JsonSerializerContext;
