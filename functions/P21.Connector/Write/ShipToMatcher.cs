using System.Globalization;

using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Commands;

namespace P21.Connector.Write;

/// <summary>
/// Picks the ship-to of an order: a saved mapping for this customer and address, else the customer's ship-to whose
/// address matches (first line and postal code), else the customer's first ship-to. No ship-to is created per
/// storefront address: one per checkout would bury the customer's real ship-tos under one-offs, and the Order
/// window's one-time address fields are not in the public Transaction API definitions.
/// </summary>
internal sealed class ShipToMatcher(WriteMappings mappings)
{
    /// <exception cref="WriteRejectedException">The customer has no live ship-to.</exception>
    public async Task<string> MatchAsync(WriteContext context, string customerId, PostalAddress? address, CancellationToken cancellationToken)
    {
        string? addressKey = address is null ? null : AddressKey(address);
        if (addressKey is not null
            && await mappings.ShipToIdAsync(context.Connection, customerId, addressKey, cancellationToken).ConfigureAwait(false) is { } mapped)
        {
            return mapped;
        }

        IReadOnlyList<P21Row> shipTos = await context.Client.ListAsync(
            new ODataQuery(
                "ship_to",
                Filter: P21Reads.NotDeleted($"customer_id eq {CustomerNumber(customerId)}"),
                Select: ["ship_to_id"],
                OrderBy: ["ship_to_id"],
                PageSize: 50),
            cancellationToken).ConfigureAwait(false);
        List<string> ids = [.. shipTos.Select(r => r.GetString("ship_to_id")).OfType<string>()];
        if (ids.Count == 0)
        {
            throw new WriteRejectedException($"P21 customer {customerId} has no ship-to; add one in P21, then replay");
        }

        if (addressKey is not null && ids.Count > 1)
        {
            foreach (string id in ids)
            {
                P21Row? row = await context.Client.FirstOrDefaultAsync(
                    new ODataQuery("address", Filter: $"id eq {CustomerNumber(id)}", OrderBy: ["id"]),
                    cancellationToken).ConfigureAwait(false);
                if (row is not null && string.Equals(AddressKey(row), addressKey, StringComparison.Ordinal))
                {
                    await mappings.SaveShipToAsync(context.Connection, customerId, addressKey, id, cancellationToken).ConfigureAwait(false);
                    return id;
                }
            }
        }

        return ids[0];
    }

    internal static string AddressKey(PostalAddress address) => Key(address.Line1, address.PostalCode);

    private static string AddressKey(P21Row row)
    {
        string? line1 = row.TryGetString("phys_address1", out string? phys) ? phys : row.TryGetString("mail_address1", out string? mail) ? mail : null;
        string? postal = row.TryGetString("phys_postal_code", out string? pp) ? pp : row.TryGetString("mail_postal_code", out string? mp) ? mp : null;
        return Key(line1, postal);
    }

    private static string Key(string? line1, string? postalCode) =>
        string.Concat(
            new string([.. (line1 ?? "").ToUpperInvariant().Where(char.IsLetterOrDigit)]),
            "|",
            new string([.. (postalCode ?? "").ToUpperInvariant().Where(char.IsLetterOrDigit)]));

    // customer_id and ship_to_id are Edm.Decimal in P21: quoting them is a 404.
    private static string CustomerNumber(string id) =>
        decimal.TryParse(id, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal n)
            ? ODataLiterals.Number(n)
            : throw new WriteRejectedException($"'{id}' is not a P21 customer or ship-to id (a number)");
}
