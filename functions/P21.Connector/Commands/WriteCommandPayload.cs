using System.Text.Json.Serialization;

namespace P21.Connector.Commands;

/// <summary>The typed body of a <see cref="WriteCommand"/>; the JSON discriminator <c>type</c> is the kind's wire name.</summary>
/// <remarks>
/// Each payload adds its own <c>[JsonDerivedType(typeof(X), "Noun.Verb")]</c> on a partial part of this record, in the
/// payload's file; the compiler merges the parts, so the source generator and <see cref="WriteCommandKind"/> see them all.
/// </remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
public abstract partial record WriteCommandPayload
{
    /// <summary>The command kind this payload belongs to.</summary>
    [JsonIgnore]
    public WriteCommandKind Kind => WriteCommandKind.Of(GetType());
}
