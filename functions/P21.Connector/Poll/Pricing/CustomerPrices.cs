using System.Globalization;

using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

using P21.Connector.Client;
using P21.Connector.Client.Models;

namespace P21.Connector.Poll.Pricing;

/// <summary>
/// Customer-specific net prices from P21's own price engine (<c>/api/inventory/parts/{ItemId}/v2/price</c>), on demand:
/// the flattened price feed cannot reproduce P21's precedence of customer, library, product-group and item-default pages.
/// Each (customer, item, quantity) is asked at most once per <see cref="PricingOptions.CacheDuration"/>, several at once
/// up to <see cref="PricingOptions.MaxConcurrency"/>; customers are checked (and their company found) over OData first, so
/// a 404 from the price call means an unknown item. Items whose id holds a <c>/</c> cannot be priced this way
/// (<see cref="PriceAnswers.Unpriceable"/>).
/// </summary>
public sealed class CustomerPrices
{
    private static readonly string[] CustomerColumns = ["company_id", "customer_id"];

    private readonly IP21ClientProvider _clients;
    private readonly ClockedCache _cache;
    private readonly IOptionsMonitor<PricingOptions> _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the lookup.</summary>
    public CustomerPrices(IP21ClientProvider clients, IMemoryCache cache, IOptionsMonitor<PricingOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _clients = clients;
        _cache = new ClockedCache(cache, time);
        _options = options;
        _time = time;
    }

    /// <summary>Prices of several (customer, item, quantity) questions; repeated questions are asked once.</summary>
    /// <exception cref="PriceQuestionException">
    /// A bad question; <see cref="ArgumentException.ParamName"/> names the field (<c>customerId</c>, <c>items</c>, <c>qty</c>),
    /// or <c>prices</c> for none or more than <see cref="PricingOptions.MaxPricesPerCall"/>.
    /// </exception>
    public async Task<PriceAnswers> GetAsync(string connection, IReadOnlyCollection<PriceQuestion> questions, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentNullException.ThrowIfNull(questions);
        PricingOptions options = _options.CurrentValue;
        List<PriceQuestion> asked = [.. questions.Select(Normalise).Distinct()];
        if (asked.Count == 0)
        {
            throw new PriceQuestionException("prices", "At least one price is needed.");
        }

        if (asked.Count > options.MaxPricesPerCall)
        {
            throw new PriceQuestionException("prices", $"{asked.Count} prices were asked for; at most {options.MaxPricesPerCall} are allowed per call.");
        }

        var answers = new Dictionary<PriceQuestion, CustomerPrice?>();
        var missing = new List<PriceQuestion>();
        foreach (PriceQuestion question in asked.Where(Addressable))
        {
            if (_cache.TryGet(PriceKey(connection, question), out CustomerPrice? cached))
            {
                answers[question] = cached;
            }
            else
            {
                missing.Add(question);
            }
        }

        IReadOnlyDictionary<string, string?> companies = await CompaniesAsync(connection, [.. asked.Select(q => q.CustomerId).Distinct(StringComparer.Ordinal)], options, cancellationToken).ConfigureAwait(false);
        List<PriceQuestion> toAsk = [.. missing.Where(q => companies[q.CustomerId] is not null)];
        if (toAsk.Count > 0)
        {
            P21Client client = _clients.Get(connection);
            var read = new CustomerPrice?[toAsk.Count];
            await Parallel.ForEachAsync(
                Enumerable.Range(0, toAsk.Count),
                new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrency, CancellationToken = cancellationToken },
                async (i, ct) => read[i] = await AskAsync(client, toAsk[i], companies[toAsk[i].CustomerId]!, options, ct).ConfigureAwait(false)).ConfigureAwait(false);
            for (int i = 0; i < toAsk.Count; i++)
            {
                answers[toAsk[i]] = read[i];
                _cache.Set(PriceKey(connection, toAsk[i]), read[i], options.CacheDuration);
            }
        }

        var prices = new List<CustomerPrice>(asked.Count);
        var unknownItems = new List<PriceQuestion>();
        var unpriceable = new List<PriceQuestion>();
        foreach (PriceQuestion question in asked)
        {
            if (companies[question.CustomerId] is null)
            {
                continue;
            }

            if (!Addressable(question))
            {
                unpriceable.Add(question);
                continue;
            }

            if (answers.GetValueOrDefault(question) is { } price)
            {
                prices.Add(price);
            }
            else
            {
                unknownItems.Add(question);
            }
        }

        return new PriceAnswers(prices, [.. asked.Select(q => q.CustomerId).Distinct(StringComparer.Ordinal).Where(c => companies[c] is null)], unknownItems, unpriceable);
    }

    /// <summary>One price; null when P21 knows the customer but not the item, or does not know the customer.</summary>
    /// <exception cref="PriceQuestionException">A bad question (see <see cref="GetAsync(string, IReadOnlyCollection{PriceQuestion}, CancellationToken)"/>).</exception>
    public async Task<CustomerPrice?> GetAsync(string connection, PriceQuestion question, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        PriceAnswers answers = await GetAsync(connection, [question], cancellationToken).ConfigureAwait(false);
        return answers.Prices.Count == 1 ? answers.Prices[0] : null;
    }

    private async Task<CustomerPrice?> AskAsync(P21Client client, PriceQuestion question, string companyId, PricingOptions options, CancellationToken cancellationToken)
    {
        PartPrice? price = await client.GetPartPriceAsync(
            new PartPriceQuery(question.ItemId, companyId, question.CustomerId, question.Quantity, options.SalesLocationId, options.SourceLocationId),
            cancellationToken).ConfigureAwait(false);
        return price is null
            ? null
            : new CustomerPrice(question.CustomerId, question.ItemId, question.Quantity, price.UnitPrice,
                Math.Round(price.UnitPrice * question.Quantity, 2, MidpointRounding.AwayFromZero), price.UnitOfMeasure, price.Source, _time.GetUtcNow());
    }

    /// <summary>Company of each customer id, null for customers P21 does not know; one or-chained read for those not cached.</summary>
    private async Task<IReadOnlyDictionary<string, string?>> CompaniesAsync(string connection, IReadOnlyList<string> customerIds, PricingOptions options, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (string id in customerIds)
        {
            if (_cache.TryGet(CustomerKey(connection, id), out string? companyId))
            {
                result[id] = companyId;
            }
            else
            {
                unknown.Add(id);
            }
        }

        if (unknown.Count == 0)
        {
            return result;
        }

        string filter = "delete_flag eq 'N'" + (string.IsNullOrWhiteSpace(options.CompanyId) ? "" : $" and company_id eq {ODataLiterals.String(options.CompanyId.Trim())}");
        var lookup = new RowLookup(_clients.Get(connection), options.MaxConcurrency);
        IReadOnlyList<P21Row> rows = await lookup.ByKeysAsync("customer", "customer_id", unknown, numeric: true, CustomerColumns, filter, cancellationToken).ConfigureAwait(false);
        var found = rows
            .Select(r => (Id: r.Id("customer_id"), Company: r.Text("company_id")))
            .Where(r => r.Id is not null && r.Company is not null)
            .GroupBy(r => r.Id!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => r.Company!).Order(StringComparer.Ordinal).First(), StringComparer.Ordinal);
        foreach (string id in unknown)
        {
            result[id] = found.GetValueOrDefault(id);
            _cache.Set(CustomerKey(connection, id), result[id], options.CustomerCacheDuration);
        }

        return result;
    }

    // P21's price route cannot address an id holding a '/' (404 however it is encoded), and fastener ids such as
    // "HCS 1/4-20X1 ZP" are full of them: such questions are answered as unpriceable, never sent.
    private static bool Addressable(PriceQuestion question) => !question.ItemId.Contains('/', StringComparison.Ordinal);

    private static PriceQuestion Normalise(PriceQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        string itemId = question.ItemId?.Trim() ?? "";
        if (itemId.Length == 0)
        {
            throw new PriceQuestionException("items", "An item id is empty.");
        }

        if (question.Quantity <= 0 || question.Quantity > 1_000_000_000m)
        {
            throw new PriceQuestionException("qty", $"Quantity {question.Quantity.ToString(CultureInfo.InvariantCulture)} must be above zero and at most 1,000,000,000.");
        }

        // 5 and 5.00 are one question (one cache entry, one P21 call).
        return new PriceQuestion(CustomerIdOf(question.CustomerId), itemId, question.Quantity / 1.0000000000000000000000000000m);
    }

    private static string CustomerIdOf(string? customerId)
    {
        string text = customerId?.Trim() ?? "";
        if (!decimal.TryParse(text, NumberStyles.None | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal id) || id <= 0 || id != decimal.Truncate(id))
        {
            throw new PriceQuestionException("customerId", $"Customer id '{text}' is not a P21 customer id (a whole number above zero).");
        }

        return decimal.Truncate(id).ToString(CultureInfo.InvariantCulture);
    }

    private static string PriceKey(string connection, PriceQuestion question) =>
        $"p21:price:{connection}:{question.CustomerId}:{question.Quantity.ToString(CultureInfo.InvariantCulture)}:{question.ItemId}";

    private static string CustomerKey(string connection, string customerId) => $"p21:price-customer:{connection}:{customerId}";
}
