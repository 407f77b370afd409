using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Events.Records;

namespace P21.Connector.Poll.Entities;

/// <summary><c>vendors</c>: <c>vendor</c> plus its <c>address</c> (id = vendor id); an address change re-emits the vendor.</summary>
public sealed class VendorsEntity : PollEntity
{
    private static readonly string[] AddressColumns =
    [
        "id", "name", "mail_address1", "mail_address2", "mail_address3", "mail_city", "mail_state", "mail_postal_code",
        "mail_country", "central_phone_number", "email_address", "delete_flag", "date_last_modified",
    ];

    /// <inheritdoc />
    public override string Name => "vendors";

    /// <inheritdoc />
    public override string EventName => "vendor";

    /// <inheritdoc />
    public override PollSource Primary { get; } = new("vendor", ["company_id", "vendor_id"], ["vendor_id", "company_id", "vendor_name", "delete_flag", "date_last_modified"]);

    /// <inheritdoc />
    public override ChangeProbe ChangeProbe { get; } = new("p21_view_es_vendor", ["vendor", "address"]);

    /// <inheritdoc />
    public override IReadOnlyList<PollTrigger> Triggers { get; } =
    [
        new(new PollSource("address", ["id"], ["id", "date_last_modified"]), "id"),
    ];

    /// <inheritdoc />
    public override async ValueTask<IReadOnlyList<EntityRecord>> MapAsync(IReadOnlyList<P21Row> rows, RowLookup lookup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(lookup);
        var ids = rows.Select(r => r.Id("vendor_id")).OfType<string>().ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var addresses = ByParent(await lookup.ByKeysAsync("address", "id", ids, numeric: true, AddressColumns, "delete_flag eq 'N'", cancellationToken).ConfigureAwait(false), "id");
        var records = new List<EntityRecord>(rows.Count);
        foreach (var row in rows)
        {
            var id = row.Id("vendor_id");
            if (id is null)
            {
                continue;
            }

            var address = addresses[id].FirstOrDefault();
            var vendor = new Vendor
            {
                VendorId = id,
                CompanyId = row.Id("company_id"),
                Name = row.Text("vendor_name"),
                Address = address is null ? null : CustomersEntity.MapAddress(address),
            };
            records.Add(Record(id, vendor, CanonicalJsonContext.Default.Vendor, row, address is null ? null : [address]));
        }

        return records;
    }
}
