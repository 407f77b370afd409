using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace P21.Connector.Commands;

/// <summary>
/// What a <see cref="WriteCommand"/> asks the writer to do in P21, by its dotted wire name (<c>SalesOrder.Create</c>).
/// </summary>
/// <remarks>
/// The kinds are the <see cref="JsonDerivedTypeAttribute"/>s of <see cref="WriteCommandPayload"/>, which each payload
/// declares in its own file on a <c>partial</c> part of the base; so a new command is named once, next to its payload,
/// and the JSON discriminator, this list and <see cref="WriteCommandPayload.Kind"/> cannot disagree.
/// </remarks>
[JsonConverter(typeof(WriteCommandKindJsonConverter))]
public readonly record struct WriteCommandKind
{
    private static readonly FrozenDictionary<Type, WriteCommandKind> ByPayload = typeof(WriteCommandPayload)
        .GetCustomAttributes<JsonDerivedTypeAttribute>()
        .ToFrozenDictionary(a => a.DerivedType, a => new WriteCommandKind((string)a.TypeDiscriminator!, a.DerivedType));

    private static readonly FrozenDictionary<string, WriteCommandKind> ByName =
        ByPayload.Values.ToFrozenDictionary(k => k.Name, StringComparer.Ordinal);

    private WriteCommandKind(string name, Type payloadType)
    {
        Name = name;
        PayloadType = payloadType;
    }

    /// <summary>The dotted wire name, also the payload's JSON <c>type</c> discriminator.</summary>
    public string Name { get; }

    /// <summary>The <see cref="WriteCommandPayload"/> type this kind carries.</summary>
    public Type PayloadType { get; }

    /// <summary>Every kind this version knows, in wire-name order.</summary>
    public static IReadOnlyList<WriteCommandKind> All { get; } = [.. ByName.Values.OrderBy(k => k.Name, StringComparer.Ordinal)];

    /// <summary>The kind whose payload is <typeparamref name="TPayload"/>.</summary>
    public static WriteCommandKind Of<TPayload>()
        where TPayload : WriteCommandPayload => Of(typeof(TPayload));

    /// <summary>The kind whose payload is <paramref name="payloadType"/>.</summary>
    /// <exception cref="ArgumentException">The type is not a declared payload.</exception>
    public static WriteCommandKind Of(Type payloadType)
    {
        ArgumentNullException.ThrowIfNull(payloadType);
        return ByPayload.TryGetValue(payloadType, out WriteCommandKind kind)
            ? kind
            : throw new ArgumentException($"{payloadType.Name} has no [JsonDerivedType] on WriteCommandPayload, so it is not a command payload.", nameof(payloadType));
    }

    /// <summary>Finds a kind by its wire name (case-sensitive, as on the wire).</summary>
    public static bool TryParse(string? name, out WriteCommandKind kind)
    {
        if (name is not null && ByName.TryGetValue(name, out kind))
        {
            return true;
        }

        kind = default;
        return false;
    }

    /// <inheritdoc/>
    public override string ToString() => Name ?? "";
}

/// <summary>Writes a <see cref="WriteCommandKind"/> as its wire name and refuses names this version does not know.</summary>
internal sealed class WriteCommandKindJsonConverter : JsonConverter<WriteCommandKind>
{
    public override WriteCommandKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? name = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return WriteCommandKind.TryParse(name, out WriteCommandKind kind)
            ? kind
            : throw new JsonException($"Unknown write command kind '{name}'; this version knows {string.Join(", ", WriteCommandKind.All)}.");
    }

    public override void Write(Utf8JsonWriter writer, WriteCommandKind value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Name);
}
