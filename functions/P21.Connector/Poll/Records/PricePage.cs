namespace P21.Connector.Poll.Records;

/// <summary>
/// One P21 price page (<c>price_page</c>) flattened to plain price rows, one per quantity break. The event carries the
/// whole page so a consumer replaces every row of that page at once (a removed break disappears). See docs/entities.md.
/// </summary>
public sealed record PricePage
{
    /// <summary><c>price_page.price_page_uid</c>.</summary>
    public required long PricePageUid { get; init; }

    /// <summary><c>price_page.description</c>.</summary>
    public string? Description { get; init; }

    /// <summary>The flattened rows, ordered by minimum quantity.</summary>
    public IReadOnlyList<PriceRow> Rows { get; init; } = [];
}

/// <summary>A plain price: an item, for a tier (price book / library) or one customer, from a quantity, at a unit price.</summary>
public sealed record PriceRow
{
    /// <summary>The item: <c>price_page.item_id</c>.</summary>
    public string? ItemId { get; init; }

    /// <summary>Price tier the row applies to (the price book id from <c>price_page_x_book</c>/<c>price_book</c>), or null.</summary>
    public string? PriceBookId { get; init; }

    /// <summary>Price library of that book (<c>price_book.price_library_id</c>), or null.</summary>
    public string? PriceLibraryId { get; init; }

    /// <summary>A single customer the page is for (<c>price_page.customer_id</c>), or null for a tier price.</summary>
    public string? CustomerId { get; init; }

    /// <summary>Lowest quantity the row applies from (<c>price_page.breakN</c>; 0 for the first tier).</summary>
    public decimal MinQuantity { get; init; }

    /// <summary>Unit price at that quantity (<c>price_page.calculation_valueN</c>).</summary>
    public decimal UnitPrice { get; init; }

    /// <summary><c>price_page.currency_id</c>, or null (the company's currency).</summary>
    public string? Currency { get; init; }

    /// <summary>Date part of <c>price_page.effective_date</c>.</summary>
    public DateOnly? EffectiveDate { get; init; }

    /// <summary>Date part of <c>price_page.expiration_date</c>.</summary>
    public DateOnly? ExpirationDate { get; init; }
}
