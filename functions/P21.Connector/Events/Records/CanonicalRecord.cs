using System.Text.Json.Serialization;

namespace P21.Connector.Events.Records;

/// <summary>
/// The base of every canonical record, the data of a <c>p21.{entity}.changed</c> event. A record joins
/// <see cref="CanonicalJsonContext"/> by a <c>[JsonDerivedType]</c> on a partial part of this type in its own file, so
/// adding an entity's record touches that one file.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$record", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
public abstract partial record CanonicalRecord;
