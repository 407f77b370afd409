using System.Globalization;

using P21.Sandbox.Data;

namespace P21.Sandbox.Business;

/// <summary>
/// The sandbox's stand-in for P21's price engine: the net unit price one customer pays for one item at one quantity on
/// one day, from the same <c>price_page</c>, <c>price_book</c> and <c>price_library</c> rows the OData surface serves.
/// </summary>
/// <remarks>
/// Precedence, first match wins (README "Customer-specific prices"):
/// <list type="number">
/// <item>a page for this customer (<c>price_page.customer_id</c>) on the item, then one on the item's product group;</item>
/// <item>a page reached through the customer's price library (<c>customer.price_library_id</c>, the library its
/// customer class shares) on the item, books in <c>sequence_no</c> order; then</item>
/// <item>a library page on the item's product group (<c>inv_mast_uid</c> empty, <c>product_group_id</c> set), books in order;</item>
/// <item>the item's default price, <c>inv_mast.price1</c>.</item>
/// </list>
/// Only active pages (<c>row_status_flag</c> 704) in effect that day (effective date on or before it, expiration date on
/// or after it, either empty = open) count; a page with another customer's id, or without a customer and in no book of
/// the customer's library, never applies. Ties go to the lower <c>price_page_uid</c>.
/// </remarks>
internal static class PriceEngine
{
    /// <summary>Calculation values are unit prices (the code the seed and the price feed use).</summary>
    public const int NetPrice = 2;

    /// <summary>Calculation values multiply the item's default price (<c>inv_mast.price1</c>).</summary>
    public const int Multiplier = 1;

    private const int Values = 5;

    public static async Task<PriceQuote> QuoteAsync(WriteSession session, PriceQuestion question, DateTime localNow, CancellationToken cancellationToken)
    {
        Dictionary<string, object?>? item = await session.RowAsync(
            "SELECT inv_mast_uid, item_id, price1, default_product_group, default_selling_unit, base_unit FROM inv_mast WHERE item_id = $i AND delete_flag = 'N'",
            cancellationToken, ("$i", question.ItemId));
        if (item is null)
        {
            return PriceQuote.Refused(PriceRefusal.UnknownItem, $"Item {question.ItemId} was not found.");
        }

        Dictionary<string, object?>? customer = await session.RowAsync(
            "SELECT customer_id, class_1id, price_library_id FROM customer WHERE company_id = $c AND customer_id = $id AND delete_flag = 'N'",
            cancellationToken, ("$c", question.CompanyId), ("$id", (long)question.CustomerId));
        if (customer is null)
        {
            return PriceQuote.Refused(PriceRefusal.UnknownCustomer, $"Customer {question.CustomerId.ToString(CultureInfo.InvariantCulture)} was not found in company {question.CompanyId}.");
        }

        string? sellingUnit = Text(item["default_selling_unit"]);
        string? baseUnit = Text(item["base_unit"]);
        if (question.Uom is { Length: > 0 } uom && !string.Equals(uom, sellingUnit, StringComparison.OrdinalIgnoreCase) && !string.Equals(uom, baseUnit, StringComparison.OrdinalIgnoreCase))
        {
            return PriceQuote.Refused(PriceRefusal.BadParameter, $"Unit of measure {uom} is not defined for item {question.ItemId}.");
        }

        long itemUid = Convert.ToInt64(item["inv_mast_uid"], CultureInfo.InvariantCulture);
        string? group = Text(item["default_product_group"]);
        decimal basePrice = Number(item["price1"]) ?? 0m;
        string today = SandboxClock.Store(localNow.Date);
        List<Dictionary<string, object?>> pages = await session.RowsAsync(
            "SELECT * FROM price_page WHERE row_status_flag = 704 AND (inv_mast_uid = $u OR (inv_mast_uid IS NULL AND product_group_id = $g)) " +
            "AND (effective_date IS NULL OR date(effective_date) <= date($d)) AND (expiration_date IS NULL OR date(expiration_date) >= date($d)) ORDER BY price_page_uid",
            cancellationToken, ("$u", itemUid), ("$g", group), ("$d", today));

        // Book uid -> (sequence, id) for the customer's library; a page linked to several of its books takes the first.
        var books = new Dictionary<long, (long Sequence, string? Id)>();
        if (Text(customer["price_library_id"]) is { } library)
        {
            foreach (Dictionary<string, object?> row in await session.RowsAsync(
                "SELECT b.price_book_uid, b.price_book_id, x.sequence_no FROM price_library l JOIN price_library_x_book x ON x.price_library_uid = l.price_library_uid " +
                "JOIN price_book b ON b.price_book_uid = x.price_book_uid WHERE l.price_library_id = $l AND l.row_status_flag = 704 AND x.row_status_flag = 704 AND b.row_status_flag = 704",
                cancellationToken, ("$l", library)))
            {
                books.TryAdd(Convert.ToInt64(row["price_book_uid"], CultureInfo.InvariantCulture), (Number(row["sequence_no"]) is { } s ? (long)s : long.MaxValue, Text(row["price_book_id"])));
            }
        }

        var links = new Dictionary<long, List<long>>();
        if (pages.Count > 0)
        {
            string uids = string.Join(',', pages.Select(static p => Convert.ToInt64(p["price_page_uid"], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)));
            foreach (Dictionary<string, object?> row in await session.RowsAsync(
                $"SELECT price_page_uid, price_book_uid FROM price_page_x_book WHERE row_status_flag = 704 AND price_page_uid IN ({uids})", cancellationToken))
            {
                long page = Convert.ToInt64(row["price_page_uid"], CultureInfo.InvariantCulture);
                (links.TryGetValue(page, out List<long>? list) ? list : links[page] = []).Add(Convert.ToInt64(row["price_book_uid"], CultureInfo.InvariantCulture));
            }
        }

        decimal customerId = question.CustomerId;
        var ranked = new List<(int Level, long Sequence, long Uid, string? BookId, Dictionary<string, object?> Page)>();
        foreach (Dictionary<string, object?> page in pages)
        {
            long uid = Convert.ToInt64(page["price_page_uid"], CultureInfo.InvariantCulture);
            bool onItem = page["inv_mast_uid"] is not null;
            if (Number(page["customer_id"]) is { } owner)
            {
                if (owner == customerId)
                {
                    ranked.Add((onItem ? 0 : 1, 0, uid, null, page));
                }

                continue;
            }

            // The page's first book in the library's order, if the library has any of them.
            var reached = (links.GetValueOrDefault(uid) ?? []).Where(books.ContainsKey).Select(b => books[b]).ToList();
            if (reached.Count > 0)
            {
                (long sequence, string? bookId) = reached.MinBy(static b => b.Sequence);
                ranked.Add((onItem ? 2 : 3, sequence, uid, bookId, page));
            }
        }

        foreach ((int level, _, long uid, string? bookId, Dictionary<string, object?> page) in ranked.OrderBy(static r => r.Level).ThenBy(static r => r.Sequence).ThenBy(static r => r.Uid))
        {
            if (Rung(page, question.UnitQuantity) is not { } rung)
            {
                continue;
            }

            decimal? price = Number(page["calculation_method_cd"]) switch
            {
                NetPrice => rung.Value,
                Multiplier => basePrice * rung.Value,
                _ => null,
            };
            if (price is { } unitPrice)
            {
                return new PriceQuote(null, null, Round(unitPrice), basePrice, uid, bookId, level < 2 ? PriceSource.Customer : PriceSource.Library, rung.MinQuantity, sellingUnit);
            }
        }

        return new PriceQuote(null, null, Round(basePrice), basePrice, null, null, PriceSource.ItemDefault, 0m, sellingUnit);
    }

    /// <summary>The ladder rung covering a quantity: value 1 from zero, value N from break N−1; an unset break or value ends the ladder.</summary>
    private static (decimal Value, decimal MinQuantity)? Rung(Dictionary<string, object?> page, decimal quantity)
    {
        if (Number(page["calculation_value1"]) is not { } first)
        {
            return null;
        }

        (decimal Value, decimal MinQuantity) rung = (first, 0m);
        for (int i = 2; i <= Values; i++)
        {
            if (Number(page[$"break{(i - 1).ToString(CultureInfo.InvariantCulture)}"]) is not { } from || Number(page[$"calculation_value{i.ToString(CultureInfo.InvariantCulture)}"]) is not { } value || quantity < from)
            {
                break;
            }

            rung = (value, from);
        }

        return rung;
    }

    // P21 keeps unit prices to four places (DECIMAL(19,4) here).
    private static decimal Round(decimal value) => Math.Round(value, 4, MidpointRounding.AwayFromZero);

    private static string? Text(object? value) => value is null or DBNull ? null : Convert.ToString(value, CultureInfo.InvariantCulture);

    private static decimal? Number(object? value) => value is null or DBNull ? null : Convert.ToDecimal(value, CultureInfo.InvariantCulture);
}

/// <summary>One price question: who buys which item, how many, in which unit.</summary>
internal sealed record PriceQuestion(string CompanyId, decimal CustomerId, string ItemId, decimal UnitQuantity, string? Uom);

/// <summary>Where a price came from.</summary>
internal enum PriceSource
{
    /// <summary>A page for this customer.</summary>
    Customer,

    /// <summary>A page in a book of the customer's price library.</summary>
    Library,

    /// <summary>No page applied: <c>inv_mast.price1</c>.</summary>
    ItemDefault,
}

/// <summary>Why no price was given.</summary>
internal enum PriceRefusal
{
    UnknownItem,
    UnknownCustomer,
    BadParameter,
}

/// <summary>The engine's answer: a price, or the reason there is none.</summary>
internal sealed record PriceQuote(
    PriceRefusal? Refusal,
    string? Message,
    decimal UnitPrice,
    decimal BasePrice,
    long? PricePageUid,
    string? PriceBookId,
    PriceSource Source,
    decimal BreakQuantity,
    string? UnitOfMeasure)
{
    public static PriceQuote Refused(PriceRefusal refusal, string message) => new(refusal, message, 0m, 0m, null, null, PriceSource.ItemDefault, 0m, null);
}
