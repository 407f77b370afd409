using System.Text.Json.Serialization;

namespace P21.Connector.Events.Records;

[JsonDerivedType(typeof(PricePage), "price-page")]
public abstract partial record CanonicalRecord;

/// <summary>
/// One P21 price page (<c>price_page</c>) flattened to plain price rows: one per (price book, quantity break). The event
/// carries the whole page so a consumer replaces every row of that page at once (a removed break disappears). See docs/entities.md.
/// </summary>
public sealed record PricePage : CanonicalRecord
{
    /// <summary><c>price_page.price_page_uid</c>.</summary>
    public required long PricePageUid { get; init; }

    /// <summary><c>price_page.description</c>.</summary>
    public string? Description { get; init; }

    /// <summary><c>price_page.calculation_method_cd</c>; only 2 (net price) makes <see cref="PriceRow.UnitPrice"/> a price.</summary>
    public int? CalculationMethodCd { get; init; }

    /// <summary>True when <c>row_status_flag</c> is 704 (active); an inactive page (705) has no rows.</summary>
    public bool Active { get; init; }

    /// <summary>The flattened rows, ordered by price book then minimum quantity.</summary>
    public IReadOnlyList<PriceRow> Rows { get; init; } = [];
}

/// <summary>A plain price: an item (or product group), in a tier (price book), from a quantity, at a unit price.</summary>
public sealed record PriceRow
{
    /// <summary>The item: <c>inv_mast.item_id</c> of <c>price_page.inv_mast_uid</c>; null for a product-group page.</summary>
    public string? ItemId { get; init; }

    /// <summary><c>price_page.inv_mast_uid</c>.</summary>
    public long? InvMastUid { get; init; }

    /// <summary><c>price_page.product_group_id</c>.</summary>
    public string? ProductGroupId { get; init; }

    /// <summary>
    /// <c>price_page.customer_id</c>: a customer page (types Customer, Customer / Item) prices only that customer, whatever
    /// its book; null for a page every customer of a linked library reaches. P21's precedence between pages is not in the
    /// feed: ask <c>GET /api/prices/{customerId}</c> for a buyer's net price.
    /// </summary>
    public string? CustomerId { get; init; }

    /// <summary>The tier: <c>price_book.price_book_id</c> of a live <c>price_page_x_book</c> link (null when unlinked).</summary>
    public string? PriceBookId { get; init; }

    /// <summary>Price libraries containing that book (<c>price_library_x_book</c> → <c>price_library.price_library_id</c>);
    /// a customer is priced by the library in <c>customer.price_library_id</c>.</summary>
    public IReadOnlyList<string> PriceLibraryIds { get; init; } = [];

    /// <summary>Lowest quantity the row applies from: 0, then <c>break1</c>, <c>break2</c>, …</summary>
    public decimal MinQuantity { get; init; }

    /// <summary><c>price_page.calculation_valueN</c> when the page's method is 2 (net price), else null.</summary>
    public decimal? UnitPrice { get; init; }

    /// <summary>The raw <c>calculation_valueN</c> (a price, multiplier or percentage, per the page's method).</summary>
    public decimal CalculationValue { get; init; }

    /// <summary>Currency: P21 price pages carry none (the company currency), so always null today.</summary>
    public string? Currency { get; init; }

    /// <summary>Date part of <c>price_page.effective_date</c>.</summary>
    public DateOnly? EffectiveDate { get; init; }

    /// <summary>Date part of <c>price_page.expiration_date</c>.</summary>
    public DateOnly? ExpirationDate { get; init; }
}
