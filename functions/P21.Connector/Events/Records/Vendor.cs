using System.Text.Json.Serialization;

namespace P21.Connector.Events.Records;

[JsonDerivedType(typeof(Vendor), "vendor")]
public abstract partial record CanonicalRecord;

/// <summary>A P21 vendor (AP entity, table <c>vendor</c>). See docs/entities.md.</summary>
public sealed record Vendor : CanonicalRecord
{
    /// <summary><c>vendor.vendor_id</c>.</summary>
    public required string VendorId { get; init; }

    /// <summary><c>vendor.company_id</c>.</summary>
    public string? CompanyId { get; init; }

    /// <summary><c>vendor.vendor_name</c>.</summary>
    public string? Name { get; init; }

    /// <summary><c>address</c> row whose <c>id</c> equals the vendor id.</summary>
    public PostalAddress? Address { get; init; }
}
