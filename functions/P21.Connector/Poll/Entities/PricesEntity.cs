using P21.Connector.Client;
using P21.Connector.Poll.Records;

namespace P21.Connector.Poll.Entities;

/// <summary>
/// <c>prices</c>: each <c>price_page</c> flattened to plain price rows (one per quantity break), with the price book (tier)
/// and library it belongs to. <c>row_status_flag</c> 700 is a delete; 705 (inactive) publishes a page with no rows.
/// </summary>
public sealed class PricesEntity : PollEntity
{
    /// <summary>Quantity breaks read per page (<c>break1..N</c> / <c>calculation_value1..N</c>).</summary>
    public const int Breaks = 5;

    /// <inheritdoc />
    public override string Name => "prices";

    /// <inheritdoc />
    public override string EventName => "price";

    /// <inheritdoc />
    public override PollSource Primary { get; } = new("price_page", ["price_page_uid"],
    [
        "price_page_uid", "description", "item_id", "customer_id", "price_book_id", "currency_id", "effective_date", "expiration_date",
        .. Enumerable.Range(1, Breaks).Select(i => $"break{i}"),
        .. Enumerable.Range(1, Breaks).Select(i => $"calculation_value{i}"),
        "row_status_flag", "date_last_modified",
    ]);

    /// <inheritdoc />
    public override IReadOnlyList<PollTrigger> Triggers { get; } = [];

    /// <inheritdoc />
    public override async ValueTask<IReadOnlyList<EntityRecord>> MapAsync(IReadOnlyList<P21Row> rows, RowLookup lookup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(lookup);
        var bookIds = rows.Select(r => r.Id("price_book_id")).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var libraries = bookIds.Count == 0
            ? new Dictionary<string, string?>(StringComparer.Ordinal)
            : (await lookup.ByKeysAsync("price_book", "price_book_id", bookIds, numeric: false, ["price_book_id", "price_library_id"], null, cancellationToken).ConfigureAwait(false))
                .Where(b => b.Id("price_book_id") is not null)
                .GroupBy(b => b.Id("price_book_id")!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First().Id("price_library_id"), StringComparer.Ordinal);

        var records = new List<EntityRecord>(rows.Count);
        foreach (var row in rows)
        {
            if (row.Whole("price_page_uid") is not { } uid)
            {
                continue;
            }

            var active = row.Whole("row_status_flag") is null or 704;
            var book = row.Id("price_book_id");
            var page = new PricePage
            {
                PricePageUid = uid,
                Description = row.Text("description"),
                Rows = active ? [.. Flatten(row, book, book is null ? null : libraries.GetValueOrDefault(book))] : [],
            };
            records.Add(Record(uid.ToString(System.Globalization.CultureInfo.InvariantCulture), page, CanonicalJsonContext.Default.PricePage, row));
        }

        return records;
    }

    private static IEnumerable<PriceRow> Flatten(P21Row row, string? book, string? library)
    {
        for (var i = 1; i <= Breaks; i++)
        {
            if (row.Number($"calculation_value{i}") is not { } price)
            {
                continue;
            }

            var minQuantity = i == 1 ? 0m : row.Number($"break{i - 1}") ?? 0m;
            if (i > 1 && minQuantity == 0m)
            {
                // An unset break ends the ladder.
                yield break;
            }

            yield return new PriceRow
            {
                ItemId = row.Text("item_id"),
                PriceBookId = book,
                PriceLibraryId = library,
                CustomerId = row.Id("customer_id"),
                MinQuantity = minQuantity,
                UnitPrice = price,
                Currency = row.Id("currency_id"),
                EffectiveDate = row.Date("effective_date"),
                ExpirationDate = row.Date("expiration_date"),
            };
        }
    }
}
