using P21.Connector.Commands;

namespace P21.Connector.Write;

/// <summary>The Order window's header edits of a sales-order command, in the window's typing order.</summary>
internal sealed record OrderHeader((string Name, string? Value)[] Edits)
{
    /// <summary>The value of header field <paramref name="name"/>, or null.</summary>
    public string? this[string name] => Edits.FirstOrDefault(e => e.Name == name).Value;

    /// <summary>Builds the header; what it had to cut or leave out is added to <paramref name="notices"/>.</summary>
    /// <exception cref="WriteRejectedException">A marketplace-fulfilled order with no marketplace location configured.</exception>
    public static OrderHeader For(
        SalesOrderCreate payload, string customerId, ShipToChoice shipTo, DateOnly orderDate, DateOnly? requestedDate, WriterOptions writer, List<string> notices)
    {
        string? sourceLocation = writer.DefaultSourceLocationId ?? writer.DefaultSalesLocationId;
        if (payload.Standing is { FulfilledByMarketplace: true })
        {
            sourceLocation = writer.MarketplaceLocationId
                ?? throw new WriteRejectedException("the order is fulfilled by the marketplace but Writer:MarketplaceLocationId is not set; set it to the P21 FBA location, then replay");
        }

        string? carrierId = null;
        if (payload.ShipMethod is { Length: > 0 } method)
        {
            if (!writer.CarrierMap.TryGetValue(method, out carrierId))
            {
                notices.Add($"ship method '{method}' has no P21 carrier (Writer:CarrierMap); P21's default carrier applies");
            }
        }

        string? notes = null;
        if (payload.Notes is { Length: > 0 } text)
        {
            if (string.IsNullOrWhiteSpace(writer.NotesField))
            {
                notices.Add("the order note was not written (set Writer:NotesField to an Order header field)");
            }
            else
            {
                notes = AddressFormat.Fit(text, 255, "order note", notices);
            }
        }

        PostalAddress? oneTime = shipTo.OneTimeAddress;
        List<(string, string?)> edits =
        [
            ("customer_id", customerId),
            ("ship_to_id", shipTo.ShipToId),
            ("sales_loc_id", writer.DefaultSalesLocationId),
            ("source_loc_id", sourceLocation),
            ("order_date", P21Formats.Date(orderDate)),
            ("requested_date", requestedDate is { } d ? P21Formats.Date(d) : null),
            ("taker", writer.Taker),
            ("po_no", AddressFormat.Fit(payload.PurchaseOrderNumber ?? payload.ExternalOrderId, 50, "PO number", notices)),
            ("web_reference_no", payload.ExternalOrderId),
            ("carrier_id", carrierId),
        ];
        if (oneTime is not null)
        {
            edits.AddRange(
            [
                ("ship2_name", oneTime.Company is { } company && oneTime.Name is { } person ? AddressFormat.Fit($"{person}, {company}", AddressFormat.LineWidth, "ship-to name", notices) : oneTime.Company ?? oneTime.Name),
                ("ship2_add1", oneTime.Line1),
                ("ship2_add2", oneTime.Line2),
                ("ship2_city", oneTime.City),
                ("ship2_state", oneTime.Region),
                ("ship2_zip", oneTime.PostalCode),
                ("ship2_country", oneTime.Country),
                ("ship2_email_address", oneTime.Email),
            ]);
        }

        if (notes is not null)
        {
            edits.Add((writer.NotesField!.Trim(), notes));
        }

        return new OrderHeader([.. edits]);
    }
}
