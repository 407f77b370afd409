using System.Text.Json.Serialization;

namespace P21.Connector.Events.Records;

[JsonDerivedType(typeof(Customer), "customer")]
public abstract partial record CanonicalRecord;

/// <summary>A P21 customer (table <c>customer</c>) with its address, ship-tos and contacts. See docs/entities.md.</summary>
public sealed record Customer : CanonicalRecord
{
    /// <summary><c>customer.customer_id</c> (a P21 decimal, written without a fraction).</summary>
    public required string CustomerId { get; init; }

    /// <summary><c>customer.company_id</c>.</summary>
    public string? CompanyId { get; init; }

    /// <summary><c>customer.customer_name</c>.</summary>
    public string? Name { get; init; }

    /// <summary>The customer's own address: <c>address</c> row whose <c>id</c> equals the customer id.</summary>
    public PostalAddress? Address { get; init; }

    /// <summary><c>customer.credit_limit</c>.</summary>
    public decimal? CreditLimit { get; init; }

    /// <summary><c>customer.credit_limit_used</c>.</summary>
    public decimal? CreditLimitUsed { get; init; }

    /// <summary><c>customer.credit_status</c> (P21 credit status code, e.g. a hold code).</summary>
    public string? CreditStatus { get; init; }

    /// <summary>Price tier: <c>customer.price_library_id</c> (the price library whose books price this customer).</summary>
    public string? PriceLibraryId { get; init; }

    /// <summary>Customer class used by pricing: <c>customer.class_1id</c>.</summary>
    public string? PriceClass { get; init; }

    /// <summary><c>customer.salesrep_id</c>.</summary>
    public string? SalesRepId { get; init; }

    /// <summary><c>customer.terms_id</c>.</summary>
    public string? TermsId { get; init; }

    /// <summary><c>customer.currency_id</c>.</summary>
    public string? CurrencyId { get; init; }

    /// <summary><c>customer.taxable_flag</c> = 'Y'.</summary>
    public bool? Taxable { get; init; }

    /// <summary><c>customer.web_enabled_flag</c> = 'Y'.</summary>
    public bool? WebEnabled { get; init; }

    /// <summary>Live (not soft-deleted) <c>ship_to</c> rows of the customer, ordered by ship-to id.</summary>
    public IReadOnlyList<ShipTo> ShipTos { get; init; } = [];

    /// <summary>Live <c>contacts</c> rows whose <c>address_id</c> is the customer id, ordered by contact id.</summary>
    public IReadOnlyList<Contact> Contacts { get; init; } = [];
}

/// <summary>A row of P21's shared <c>address</c> table (mailing columns).</summary>
public sealed record PostalAddress
{
    /// <summary><c>address.id</c>.</summary>
    public required string Id { get; init; }

    /// <summary><c>address.name</c>.</summary>
    public string? Name { get; init; }

    /// <summary><c>address.mail_address1</c>.</summary>
    public string? Line1 { get; init; }

    /// <summary><c>address.mail_address2</c>.</summary>
    public string? Line2 { get; init; }

    /// <summary><c>address.mail_address3</c>.</summary>
    public string? Line3 { get; init; }

    /// <summary><c>address.mail_city</c>.</summary>
    public string? City { get; init; }

    /// <summary><c>address.mail_state</c>.</summary>
    public string? State { get; init; }

    /// <summary><c>address.mail_postal_code</c>.</summary>
    public string? PostalCode { get; init; }

    /// <summary><c>address.mail_country</c>.</summary>
    public string? Country { get; init; }

    /// <summary><c>address.central_phone_number</c>.</summary>
    public string? Phone { get; init; }

    /// <summary><c>address.email_address</c>.</summary>
    public string? Email { get; init; }
}

/// <summary>A customer's ship-to (table <c>ship_to</c>; address from <c>address</c> with <c>id</c> = ship-to id).</summary>
public sealed record ShipTo
{
    /// <summary><c>ship_to.ship_to_id</c>.</summary>
    public required string ShipToId { get; init; }

    /// <summary><c>address</c> row with <c>id</c> = <c>ship_to_id</c>.</summary>
    public PostalAddress? Address { get; init; }

    /// <summary><c>ship_to.default_branch</c>.</summary>
    public string? DefaultBranch { get; init; }

    /// <summary><c>ship_to.tax_group_id</c>.</summary>
    public string? TaxGroupId { get; init; }

    /// <summary><c>ship_to.terms_id</c>.</summary>
    public string? TermsId { get; init; }

    /// <summary><c>ship_to.default_carrier_id</c>.</summary>
    public string? DefaultCarrierId { get; init; }
}

/// <summary>A contact (table <c>contacts</c>).</summary>
public sealed record Contact
{
    /// <summary><c>contacts.id</c>.</summary>
    public required string ContactId { get; init; }

    /// <summary><c>contacts.first_name</c>.</summary>
    public string? FirstName { get; init; }

    /// <summary><c>contacts.last_name</c>.</summary>
    public string? LastName { get; init; }

    /// <summary><c>contacts.email_address</c>.</summary>
    public string? Email { get; init; }

    /// <summary><c>contacts.direct_phone</c>.</summary>
    public string? DirectPhone { get; init; }

    /// <summary><c>contacts.cellular</c>.</summary>
    public string? Mobile { get; init; }
}
