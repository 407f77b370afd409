using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Events.Records;

namespace P21.Connector.Poll.Entities;

/// <summary>
/// <c>customers</c>: <c>customer</c> plus its <c>address</c> (id = customer id), live <c>ship_to</c> rows (with their
/// addresses, id = ship-to id) and live <c>contacts</c> (address_id = customer id). Changes to any of the three child
/// tables re-emit the customer.
/// </summary>
public sealed class CustomersEntity : PollEntity
{
    private static readonly string[] AddressColumns =
    [
        "id", "name", "mail_address1", "mail_address2", "mail_address3", "mail_city", "mail_state", "mail_postal_code",
        "mail_country", "central_phone_number", "email_address", "delete_flag", "date_last_modified",
    ];

    private static readonly string[] ShipToColumns =
    [
        "ship_to_id", "customer_id", "default_branch", "tax_group_id", "terms_id", "default_carrier_id", "delete_flag", "date_last_modified",
    ];

    private static readonly string[] ContactColumns =
    [
        "id", "address_id", "first_name", "last_name", "email_address", "direct_phone", "cellular", "delete_flag", "date_last_modified",
    ];

    private const string Live = "delete_flag eq 'N'";

    /// <inheritdoc />
    public override string Name => "customers";

    /// <inheritdoc />
    public override string EventName => "customer";

    /// <inheritdoc />
    public override PollSource Primary { get; } = new("customer", ["company_id", "customer_id"],
    [
        "company_id", "customer_id", "customer_name", "credit_limit", "credit_limit_used", "credit_status", "price_library_id",
        "class_1id", "salesrep_id", "terms_id", "currency_id", "taxable_flag", "web_enabled_flag", "delete_flag", "date_last_modified",
    ]);

    /// <inheritdoc />
    public override IReadOnlyList<PollTrigger> Triggers { get; } =
    [
        new(new PollSource("ship_to", ["company_id", "ship_to_id"], ["ship_to_id", "customer_id", "date_last_modified"]), "customer_id"),
        new(new PollSource("contacts", ["id"], ["id", "address_id", "date_last_modified"]), "address_id"),
        new(new PollSource("address", ["id"], ["id", "date_last_modified"]), ResolveAddressOwnersAsync),
    ];

    /// <inheritdoc />
    public override async ValueTask<IReadOnlyList<EntityRecord>> MapAsync(IReadOnlyList<P21Row> rows, RowLookup lookup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(lookup);
        var ids = rows.Select(r => r.Id("customer_id")).OfType<string>().ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var shipTos = await lookup.ByKeysAsync("ship_to", "customer_id", ids, numeric: true, ShipToColumns, Live, cancellationToken).ConfigureAwait(false);
        var contacts = await lookup.ByKeysAsync("contacts", "address_id", ids, numeric: true, ContactColumns, Live, cancellationToken).ConfigureAwait(false);
        var addressIds = ids.Concat(shipTos.Select(s => s.Id("ship_to_id")).OfType<string>());
        var addresses = (await lookup.ByKeysAsync("address", "id", addressIds, numeric: true, AddressColumns, Live, cancellationToken).ConfigureAwait(false))
            .Where(a => a.Id("id") is not null)
            .GroupBy(a => a.Id("id")!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var shipTosByCustomer = ByParent(shipTos, "customer_id");
        var contactsByCustomer = ByParent(contacts, "address_id");

        var records = new List<EntityRecord>(rows.Count);
        foreach (var row in rows)
        {
            var id = row.Id("customer_id");
            if (id is null)
            {
                continue;
            }

            var customerShipTos = shipTosByCustomer[id].OrderBy(s => s.Id("ship_to_id"), StringComparer.Ordinal).ToList();
            var customerContacts = contactsByCustomer[id].OrderBy(c => c.Id("id"), StringComparer.Ordinal).ToList();
            var ownAddress = addresses.GetValueOrDefault(id);
            var customer = new Customer
            {
                CustomerId = id,
                CompanyId = row.Id("company_id"),
                Name = row.Text("customer_name"),
                Address = ownAddress is null ? null : MapAddress(ownAddress),
                CreditLimit = row.Number("credit_limit"),
                CreditLimitUsed = row.Number("credit_limit_used"),
                CreditStatus = row.Text("credit_status"),
                PriceLibraryId = row.Text("price_library_id"),
                PriceClass = row.Text("class_1id"),
                SalesRepId = row.Text("salesrep_id"),
                TermsId = row.Text("terms_id"),
                CurrencyId = row.Id("currency_id"),
                Taxable = row.Flag("taxable_flag"),
                WebEnabled = row.Flag("web_enabled_flag"),
                ShipTos = [.. customerShipTos.Select(s => MapShipTo(s, addresses))],
                Contacts = [.. customerContacts.Select(MapContact)],
            };
            IEnumerable<P21Row> children = [.. customerShipTos, .. customerContacts, .. ownAddress is null ? [] : new[] { ownAddress }];
            records.Add(Record(id, customer, CanonicalJsonContext.Default.Customer, row, children));
        }

        return records;
    }

    /// <summary>Maps an <c>address</c> row.</summary>
    internal static PostalAddress MapAddress(P21Row row) => new()
    {
        Id = row.Id("id") ?? "",
        Name = row.Text("name"),
        Line1 = row.Text("mail_address1"),
        Line2 = row.Text("mail_address2"),
        Line3 = row.Text("mail_address3"),
        City = row.Text("mail_city"),
        State = row.Text("mail_state"),
        PostalCode = row.Text("mail_postal_code"),
        Country = row.Text("mail_country"),
        Phone = row.Text("central_phone_number"),
        Email = row.Text("email_address"),
    };

    private static ShipTo MapShipTo(P21Row row, Dictionary<string, P21Row> addresses)
    {
        var id = row.Id("ship_to_id") ?? "";
        return new ShipTo
        {
            ShipToId = id,
            Address = addresses.TryGetValue(id, out var address) ? MapAddress(address) : null,
            DefaultBranch = row.Text("default_branch"),
            TaxGroupId = row.Text("tax_group_id"),
            TermsId = row.Text("terms_id"),
            DefaultCarrierId = row.Id("default_carrier_id"),
        };
    }

    private static Contact MapContact(P21Row row) => new()
    {
        ContactId = row.Id("id") ?? "",
        FirstName = row.Text("first_name"),
        LastName = row.Text("last_name"),
        Email = row.Text("email_address"),
        DirectPhone = row.Text("direct_phone"),
        Mobile = row.Text("cellular"),
    };

    // address is shared by customers, ship-tos and vendors: an address id may be a customer id, or a ship-to whose
    // customer must be re-emitted. Ids that are neither simply find no customer when the parents are re-read.
    private static async ValueTask<IReadOnlyCollection<string>> ResolveAddressOwnersAsync(IReadOnlyList<P21Row> rows, RowLookup lookup, CancellationToken cancellationToken)
    {
        var ids = rows.Select(r => r.Id("id")).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var shipTos = await lookup.ByKeysAsync("ship_to", "ship_to_id", ids, numeric: true, ["ship_to_id", "customer_id"], null, cancellationToken).ConfigureAwait(false);
        return ids.Concat(shipTos.Select(s => s.Id("customer_id")).OfType<string>()).Distinct(StringComparer.Ordinal).ToList();
    }
}
