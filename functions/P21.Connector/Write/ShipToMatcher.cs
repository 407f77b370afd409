using System.Globalization;

using Microsoft.Extensions.Options;

using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Commands;

namespace P21.Connector.Write;

/// <summary>
/// Picks the ship-to of an order. A saved mapping for this customer and address wins; else a live ship-to of the
/// customer whose address matches exactly once normalized (<see cref="AddressFormat.MatchKey"/>). With no match,
/// <see cref="ShipToPolicy"/> decides: create a ship-to, or write the address as the order's one-time ship-to on the
/// customer's default ship-to. Never another address of the customer: that shipped orders to the wrong place.
/// </summary>
internal sealed class ShipToMatcher(WriteMappings mappings, IOptionsMonitor<WriterOptions> options)
{
    /// <summary>The Transaction API service that adds a ship-to to a customer.</summary>
    public const string Service = "ShipTo";

    /// <summary>Why an order without a shipping address is parked, and the fix.</summary>
    public const string NoAddressReason =
        "the order has no shipping address; send it with one (Amazon: the relay's getOrderAddress; the order pull reads the street only with Amazon:Orders:RestrictedData), or set Writer:WriteOrdersWithoutShipToAddress to write such orders on the customer's default ship-to, then replay";

    /// <summary>Its one form.</summary>
    public const string Element = "TABPAGE_1.tp_1_dw_1";

    /// <summary>The ship-to and, for a one-time address, the address to type into the order's <c>ship2_*</c> fields.</summary>
    /// <param name="context">The write's connection and client.</param>
    /// <param name="customerId">The P21 customer the order is written for.</param>
    /// <param name="address">The order's shipping address, already in P21's shape (<see cref="AddressFormat.ForP21"/>).</param>
    /// <param name="cancellationToken">Cancels the look-ups.</param>
    /// <exception cref="WriteRejectedException">The customer has no live ship-to to write a one-time address on.</exception>
    public async Task<ShipToChoice> MatchAsync(WriteContext context, string customerId, PostalAddress? address, CancellationToken cancellationToken)
    {
        string? key = address is null || address.Line1 is null ? null : KeyOf(address);
        if (key is not null
            && await mappings.ShipToIdAsync(context.Connection, customerId, key, cancellationToken).ConfigureAwait(false) is { } mapped)
        {
            return new ShipToChoice(mapped, null);
        }

        IReadOnlyList<P21Row> shipTos = await context.Client.ListAsync(
            new ODataQuery(
                "ship_to",
                Filter: P21Reads.NotDeleted($"customer_id eq {Number(customerId)}"),
                Select: ["ship_to_id"],
                OrderBy: ["ship_to_id"],
                PageSize: 50),
            cancellationToken).ConfigureAwait(false);
        List<string> ids = [.. shipTos.Select(r => r.GetString("ship_to_id")).OfType<string>()];
        if (key is not null)
        {
            foreach (string id in ids)
            {
                P21Row? row = await context.Client.FirstOrDefaultAsync(
                    new ODataQuery("address", Filter: $"id eq {Number(id)}", OrderBy: ["id"]),
                    cancellationToken).ConfigureAwait(false);
                if (row is not null && (KeyOf(row, "phys_") == key || KeyOf(row, "mail_") == key))
                {
                    await mappings.SaveShipToAsync(context.Connection, customerId, key, id, cancellationToken).ConfigureAwait(false);
                    return new ShipToChoice(id, null);
                }
            }
        }

        WriterOptions writer = options.CurrentValue;
        ShipToPolicy policy = writer.ShipToPolicyBySource.TryGetValue(context.Command.Source, out ShipToPolicy own) ? own : writer.ShipToPolicy;
        if (address is not null && key is not null && policy == ShipToPolicy.MatchOrCreate)
        {
            string created = await CreateAsync(context.Client, customerId, address, writer, cancellationToken).ConfigureAwait(false);
            await mappings.SaveShipToAsync(context.Connection, customerId, key, created, cancellationToken).ConfigureAwait(false);
            context.Notices.Add($"created P21 ship-to {created} for the order's shipping address");
            return new ShipToChoice(created, null);
        }

        // A customer's own ship-to carries its id (P21 creates it with the customer); else its first one.
        string fallback = ids.Contains(customerId, StringComparer.Ordinal) ? customerId
            : ids.Count > 0 ? ids[0]
            : throw new WriteRejectedException($"P21 customer {customerId} has no ship-to to write the order on; add one in P21, then replay");
        if (address is null || key is null)
        {
            if (!writer.WriteOrdersWithoutShipToAddress)
            {
                throw new WriteRejectedException(NoAddressReason);
            }

            context.Notices.Add($"the order has no shipping address; written to the customer's default ship-to {fallback}");
            return new ShipToChoice(fallback, null);
        }

        return new ShipToChoice(fallback, address);
    }

    /// <summary>Adds a ship-to with <paramref name="address"/> to the customer and returns the id P21 assigned.</summary>
    private static async Task<string> CreateAsync(P21Client client, string customerId, PostalAddress address, WriterOptions writer, CancellationToken cancellationToken)
    {
        string name = address.Company ?? address.Name ?? address.Line1!;
        TransactionRequest request = TransactionRequest.Single(
            Service,
            DataElement.Form(Element, FieldEdits.Of(
                ("customer_id", customerId),
                ("name", name),
                ("mail_address1", address.Line1),
                ("mail_address2", address.Line2),
                ("mail_city", address.City),
                ("mail_state", address.Region),
                ("mail_postal_code", address.PostalCode),
                ("mail_country", address.Country),
                ("central_phone_number", address.Phone),
                ("email_address", address.Email),
                ("default_branch", writer.DefaultBranch))));
        TransactionResult result = await client.SubmitTransactionAsync(request, cancellationToken).ConfigureAwait(false);
        TransactionVerdict.RequirePassed(result, Service);
        return result.FindValue("ship_to_id")
            ?? throw new WriteRejectedException($"P21 passed the ShipTo transaction for customer {customerId} but returned no ship_to_id");
    }

    internal static string KeyOf(PostalAddress address) =>
        AddressFormat.MatchKey(address.Line1, address.Line2, address.City, address.Region, address.PostalCode, address.Country);

    private static string KeyOf(P21Row row, string prefix)
    {
        string? Text(string column) => row.TryGetString(prefix + column, out string? value) ? value : null;
        return AddressFormat.MatchKey(Text("address1"), Text("address2"), Text("city"), Text("state"), Text("postal_code"), Text("country"));
    }

    // customer_id and ship_to_id are Edm.Decimal in P21: quoting them is a 404.
    private static string Number(string id) =>
        decimal.TryParse(id, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal n)
            ? ODataLiterals.Number(n)
            : throw new WriteRejectedException($"'{id}' is not a P21 customer or ship-to id (a number)");
}

/// <summary>The ship-to an order is written on.</summary>
/// <param name="ShipToId">The P21 ship-to id.</param>
/// <param name="OneTimeAddress">The address to type into the order's one-time ship-to fields, or null to ship to the ship-to's own address.</param>
internal sealed record ShipToChoice(string ShipToId, PostalAddress? OneTimeAddress);
