using P21.Connector.Client.Models;
using P21.Connector.Events.Records;

namespace P21.Connector.Poll.Entities;

/// <summary>
/// <c>prices</c>: each <c>price_page</c> flattened to plain price rows, one per (linked price book, quantity break), with
/// the item id and the libraries of each book. A <c>price_page_x_book</c> change re-emits its page. <c>row_status_flag</c>
/// 700 is a delete; 705 (inactive) publishes the page with no rows.
/// </summary>
public sealed class PricesEntity : PollEntity
{
    /// <summary>Calculation values per page (<c>calculation_value1..5</c>); breaks are one fewer.</summary>
    public const int Values = 5;

    /// <summary>P21's "net price" calculation method: the values are unit prices.</summary>
    public const int NetPriceMethod = 2;

    private const string Live = "row_status_flag eq 704";

    /// <inheritdoc />
    public override string Name => "prices";

    /// <inheritdoc />
    public override string EventName => "price";

    /// <inheritdoc />
    public override PollSource Primary { get; } = new("price_page", ["price_page_uid"],
    [
        "price_page_uid", "description", "inv_mast_uid", "product_group_id", "customer_id", "calculation_method_cd", "effective_date", "expiration_date",
        .. Enumerable.Range(1, Values - 1).Select(i => $"break{i}"),
        .. Enumerable.Range(1, Values).Select(i => $"calculation_value{i}"),
        "row_status_flag", "date_last_modified",
    ]);

    /// <inheritdoc />
    public override IReadOnlyList<PollTrigger> Triggers { get; } =
    [
        new(new PollSource("price_page_x_book", ["price_page_x_book_uid"], ["price_page_x_book_uid", "price_page_uid", "date_last_modified"]), "price_page_uid"),
    ];

    /// <inheritdoc />
    public override async ValueTask<IReadOnlyList<EntityRecord>> MapAsync(IReadOnlyList<P21Row> rows, RowLookup lookup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(lookup);
        var pageUids = rows.Select(r => r.Id("price_page_uid")).OfType<string>().ToList();
        if (pageUids.Count == 0)
        {
            return [];
        }

        var links = await lookup.ByKeysAsync("price_page_x_book", "price_page_uid", pageUids, numeric: true,
            ["price_page_x_book_uid", "price_page_uid", "price_book_uid", "date_last_modified"], Live, cancellationToken).ConfigureAwait(false);
        var bookUids = links.Select(l => l.Id("price_book_uid")).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var books = bookUids.Count == 0 ? [] : await lookup.ByKeysAsync("price_book", "price_book_uid", bookUids, numeric: true, ["price_book_uid", "price_book_id"], Live, cancellationToken).ConfigureAwait(false);
        var libraryLinks = bookUids.Count == 0 ? [] : await lookup.ByKeysAsync("price_library_x_book", "price_book_uid", bookUids, numeric: true,
            ["price_library_x_book_uid", "price_library_uid", "price_book_uid"], Live, cancellationToken).ConfigureAwait(false);
        var libraryUids = libraryLinks.Select(l => l.Id("price_library_uid")).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var libraries = libraryUids.Count == 0 ? [] : await lookup.ByKeysAsync("price_library", "price_library_uid", libraryUids, numeric: true,
            ["price_library_uid", "price_library_id"], Live, cancellationToken).ConfigureAwait(false);
        var itemUids = rows.Select(r => r.Id("inv_mast_uid")).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var items = itemUids.Count == 0 ? [] : await lookup.ByKeysAsync("inv_mast", "inv_mast_uid", itemUids, numeric: true, ["inv_mast_uid", "item_id"], null, cancellationToken).ConfigureAwait(false);

        var bookIdByUid = ToMap(books, "price_book_uid", "price_book_id");
        var libraryIdByUid = ToMap(libraries, "price_library_uid", "price_library_id");
        var itemIdByUid = ToMap(items, "inv_mast_uid", "item_id");
        var librariesByBook = libraryLinks
            .Where(l => l.Id("price_book_uid") is not null)
            .GroupBy(l => l.Id("price_book_uid")!, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<string>)[.. g.Select(l => libraryIdByUid.GetValueOrDefault(l.Id("price_library_uid") ?? "")).OfType<string>().Distinct().Order(StringComparer.Ordinal)],
                StringComparer.Ordinal);
        var linksByPage = ByParent(links, "price_page_uid");

        var records = new List<EntityRecord>(rows.Count);
        foreach (var row in rows)
        {
            var uid = row.Id("price_page_uid");
            if (uid is null || row.Whole("price_page_uid") is not { } pageUid)
            {
                continue;
            }

            var active = row.Whole("row_status_flag") is null or 704;
            var pageLinks = linksByPage[uid].ToList();
            var bookUidsOfPage = pageLinks.Select(l => l.Id("price_book_uid")).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            IEnumerable<string?> tiers = bookUidsOfPage.Count == 0 ? new string?[] { null } : bookUidsOfPage;
            var itemUid = row.Id("inv_mast_uid");
            var page = new PricePage
            {
                PricePageUid = pageUid,
                Description = row.Text("description"),
                CalculationMethodCd = (int?)row.Whole("calculation_method_cd"),
                Active = active,
                Rows = active
                    ? [.. tiers
                        .Select(bookUid => (BookId: bookUid is null ? null : bookIdByUid.GetValueOrDefault(bookUid), Libraries: bookUid is null ? [] : librariesByBook.GetValueOrDefault(bookUid) ?? []))
                        .OrderBy(t => t.BookId, StringComparer.Ordinal)
                        .SelectMany(t => Flatten(row, itemUid is null ? null : itemIdByUid.GetValueOrDefault(itemUid), t.BookId, t.Libraries))]
                    : [],
            };
            records.Add(Record(uid, page, CanonicalJsonContext.Default.PricePage, row, pageLinks));
        }

        return records;
    }

    private static Dictionary<string, string> ToMap(IEnumerable<P21Row> rows, string keyColumn, string valueColumn)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.Id(keyColumn) is { } key && row.Text(valueColumn) is { } value)
            {
                map.TryAdd(key, value);
            }
        }

        return map;
    }

    private static IEnumerable<PriceRow> Flatten(P21Row row, string? itemId, string? bookId, IReadOnlyList<string> libraries)
    {
        var netPrice = row.Whole("calculation_method_cd") == NetPriceMethod;
        for (var i = 1; i <= Values; i++)
        {
            if (row.Number($"calculation_value{i}") is not { } value)
            {
                yield break;
            }

            // Value 1 applies from zero; value N from break N−1. An unset break ends the ladder.
            var minQuantity = i == 1 ? 0m : row.Number($"break{i - 1}");
            if (minQuantity is null)
            {
                yield break;
            }

            yield return new PriceRow
            {
                ItemId = itemId,
                InvMastUid = row.Whole("inv_mast_uid"),
                ProductGroupId = row.Text("product_group_id"),
                CustomerId = row.Id("customer_id"),
                PriceBookId = bookId,
                PriceLibraryIds = libraries,
                MinQuantity = minQuantity.Value,
                UnitPrice = netPrice ? value : null,
                CalculationValue = value,
                EffectiveDate = row.Date("effective_date"),
                ExpirationDate = row.Date("expiration_date"),
            };
        }
    }
}
