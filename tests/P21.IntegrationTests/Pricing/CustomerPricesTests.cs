using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Events;
using P21.Connector.Poll;
using P21.Connector.Poll.Pricing;
using P21.IntegrationTests.Poll;
using P21.Sandbox;

namespace P21.IntegrationTests.Pricing;

/// <summary>
/// <see cref="CustomerPrices"/> against the sandbox over real HTTP: its answers equal the sandbox price engine's for
/// generated pages and questions, the flattened price feed agrees with the engine where it can, the cache and the
/// customer check save P21 calls, and bad questions are refused by name.
/// </summary>
public sealed class CustomerPricesTests : IAsyncLifetime
{
    private static readonly decimal[] Quantities = [1m, 7m, 10m, 49.5m, 50m, 100m, 250m, 499m, 500m, 1000m, 5000m];

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero));
    private SandboxPolling _polling = null!;
    private HttpClient _http = null!;
    private string _token = null!;

    private CustomerPrices Sut => _polling.Services.GetRequiredService<CustomerPrices>();

    private SandboxStats Stats => _polling.Sandbox.Stats;

    public async Task InitializeAsync()
    {
        _polling = await SandboxPolling.StartAsync(
            new SandboxOptions { Customers = 30, Items = 120, Locations = 2, SalesOrders = 1, PurchaseOrders = 1, Vendors = 1 },
            [new("P21:Connections:sandbox:PageSize", "1000"), new("P21:Pricing:CacheDuration", "00:01:00")],
            _time);
        _http = new HttpClient { BaseAddress = _polling.Sandbox.BaseAddress };
        using HttpResponseMessage token = await _http.PostAsJsonAsync("api/security/token/v2", new { username = "api_user", password = "api_password" });
        token.EnsureSuccessStatusCode();
        using JsonDocument json = JsonDocument.Parse(await token.Content.ReadAsStringAsync());
        _token = json.RootElement.GetProperty("AccessToken").GetString()!;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _polling.DisposeAsync();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task GetAsync_GeneratedPagesAndQuestions_EqualTheSandboxEngine(int seed)
    {
        var random = new Random(seed);
        IReadOnlyList<(int Uid, string Id)> live = await LiveItemsAsync();
        IReadOnlyList<string> items = [.. live.Select(i => i.Id)];
        IReadOnlyList<string> groups = [.. (await ODataAsync("product_group", "product_group_id", "company_id,product_group_id")).Select(r => r.GetProperty("product_group_id").GetString()!)];
        for (int k = 0; k < 40; k++)
        {
            await PutPageAsync(random, 800_000 + (seed * 1000) + k, [.. live.Select(i => i.Uid)], groups);
        }

        // Customers 100031+ do not exist, 100025 is soft-deleted; NO-SUCH is no item.
        var questions = Enumerable.Range(0, 150).Select(_ => new PriceQuestion(
            (100_001 + random.Next(33)).ToString(CultureInfo.InvariantCulture),
            random.Next(12) == 0 ? "NO-SUCH-PRICED-ITEM" : items[random.Next(items.Count)],
            Quantities[random.Next(Quantities.Length)])).Distinct().ToList();

        PriceAnswers answers = await Sut.GetAsync(SandboxPolling.Connection, questions);

        var prices = answers.Prices.ToDictionary(p => (p.CustomerId, p.ItemId, p.Quantity));
        var unknownItems = answers.UnknownItems.ToHashSet();
        int priced = 0;
        foreach (PriceQuestion question in questions)
        {
            (HttpStatusCode status, JsonElement body) = await EngineAsync(question);
            if (status == HttpStatusCode.NotFound && body.GetProperty("ErrorMessage").GetString()!.StartsWith("Customer", StringComparison.Ordinal))
            {
                Assert.Contains(question.CustomerId, answers.UnknownCustomers);
                Assert.False(prices.ContainsKey((question.CustomerId, question.ItemId, question.Quantity)));
            }
            else if (status == HttpStatusCode.NotFound)
            {
                // The engine looks at the item first; the connector checks the customer before it asks.
                Assert.True(unknownItems.Contains(question) || answers.UnknownCustomers.Contains(question.CustomerId), $"{question} is neither unknown item nor customer");
                Assert.False(prices.ContainsKey((question.CustomerId, question.ItemId, question.Quantity)));
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, status);
                CustomerPrice price = prices[(question.CustomerId, question.ItemId, question.Quantity)];
                Assert.Equal(body.GetProperty("UnitPrice").GetDecimal(), price.UnitPrice);
                Assert.Equal(Math.Round(price.UnitPrice * question.Quantity, 2, MidpointRounding.AwayFromZero), price.ExtendedPrice);
                priced++;
            }
        }

        Assert.True(priced > 100, $"only {priced} of {questions.Count} questions were priced");
        Assert.NotEmpty(answers.UnknownCustomers);
        Assert.NotEmpty(answers.UnknownItems);
    }

    [Fact]
    public async Task GetAsync_FeedRowsAndEngine_AgreeWhereTheFeedIsComplete()
    {
        var sink = new InMemoryChangeSink();
        await _polling.RunAsync("prices", sink, PollMode.Backfill);
        var rows = sink.Events.SelectMany(e => e.Data.GetProperty("rows").EnumerateArray()).Select(r => new FeedRow(
            Text(r, "itemId"), Text(r, "customerId"), Text(r, "priceBookId"), [.. r.GetProperty("priceLibraryIds").EnumerateArray().Select(l => l.GetString()!)],
            r.GetProperty("minQuantity").GetDecimal(), r.TryGetProperty("unitPrice", out JsonElement u) && u.ValueKind == JsonValueKind.Number ? u.GetDecimal() : null,
            Date(r, "effectiveDate"), Date(r, "expirationDate"))).ToList();
        var today = DateOnly.FromDateTime(_time.GetUtcNow().DateTime);
        var customers = (await ODataAsync("customer", "customer_id,price_library_id", "company_id,customer_id", "delete_flag eq 'N'"))
            .Select(c => (Id: c.GetProperty("customer_id").GetDecimal().ToString("0", CultureInfo.InvariantCulture), Library: c.GetProperty("price_library_id").GetString()!)).ToList();

        var liveItems = (await LiveItemIdsAsync()).ToHashSet(StringComparer.Ordinal);
        var withOwnPages = rows.Select(r => r.CustomerId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var expected = new List<(PriceQuestion Question, decimal UnitPrice)>();
        foreach ((string customer, string library) in customers.Where(c => !withOwnPages.Contains(c.Id)).Take(12))
        {
            foreach (IGrouping<string, FeedRow> item in rows.Where(r => r.ItemId is not null && liveItems.Contains(r.ItemId)).GroupBy(r => r.ItemId!))
            {
                // Complete: the customer has no page of its own, and one net-price page of one book of its library prices the item today.
                var live = item.Where(r => r.CustomerId is null && r.Libraries.Contains(library)
                    && (r.Effective is null || r.Effective <= today) && (r.Expires is null || r.Expires >= today)).ToList();
                if (live.Count == 0 || live.Select(r => r.BookId).Distinct().Count() != 1 || live.Any(r => r.UnitPrice is null) || live.Count != live.Select(r => r.MinQuantity).Distinct().Count())
                {
                    continue;
                }

                foreach (decimal quantity in (decimal[])[1m, 99m, 100m, 499m, 500m, 1000m, 5000m])
                {
                    expected.Add((new PriceQuestion(customer, item.Key, quantity), live.Where(r => r.MinQuantity <= quantity).MaxBy(r => r.MinQuantity)!.UnitPrice!.Value));
                }
            }
        }

        Assert.True(expected.Count >= 200, $"only {expected.Count} comparable prices");
        foreach (PriceQuestion[] chunk in expected.Select(e => e.Question).Chunk(1000))
        {
            PriceAnswers answers = await Sut.GetAsync(SandboxPolling.Connection, chunk);
            var byQuestion = answers.Prices.ToDictionary(p => new PriceQuestion(p.CustomerId, p.ItemId, p.Quantity));
            foreach ((PriceQuestion question, decimal unitPrice) in expected.Where(e => chunk.Contains(e.Question)))
            {
                Assert.True(byQuestion.TryGetValue(question, out CustomerPrice? price), $"no price for {question}");
                Assert.True(unitPrice == price.UnitPrice, $"{question}: feed {unitPrice}, engine {price.UnitPrice}");
            }
        }
    }

    [Fact]
    public async Task GetAsync_CatalogPageRefreshed_AsksP21OncePerCacheLifetime()
    {
        IReadOnlyList<string> items = await LiveItemIdsAsync();
        PriceQuestion[] page = [.. items.Take(24).Select(i => new PriceQuestion("100004", i, 1m))];
        Stats.Reset();

        await Sut.GetAsync(SandboxPolling.Connection, page);
        long first = Stats.Requests("prices");
        long customerReads = Stats.Requests("odata");
        _time.Advance(TimeSpan.FromSeconds(30));
        await Sut.GetAsync(SandboxPolling.Connection, page);
        long cached = Stats.Requests("prices") - first;
        _time.Advance(TimeSpan.FromSeconds(31));
        PriceAnswers refreshed = await Sut.GetAsync(SandboxPolling.Connection, page);

        Assert.Equal(24, first);
        Assert.Equal(1, customerReads);
        Assert.Equal(0, cached);
        Assert.Equal(48, Stats.Requests("prices"));
        Assert.Equal(1, Stats.Requests("odata"));
        Assert.All(refreshed.Prices, p => Assert.Equal(_time.GetUtcNow(), p.RetrievedUtc));
    }

    [Fact]
    public async Task GetAsync_UnknownCustomer_AsksNoPrice_UnknownItemIsListed()
    {
        string item = (await LiveItemIdsAsync())[0];
        Stats.Reset();

        PriceAnswers answers = await Sut.GetAsync(SandboxPolling.Connection,
            [new PriceQuestion("999999", item, 1m), new PriceQuestion("100001", "NO-SUCH-PRICED-ITEM", 2m), new PriceQuestion("100001", item, 2m)]);

        Assert.Equal(["999999"], answers.UnknownCustomers);
        Assert.Equal([new PriceQuestion("100001", "NO-SUCH-PRICED-ITEM", 2m)], answers.UnknownItems);
        Assert.Equal([("100001", item)], answers.Prices.Select(p => (p.CustomerId, p.ItemId)));
        Assert.Equal(2, Stats.Requests("prices"));
    }

    [Fact]
    public async Task GetAsync_ItemIdWithASlash_IsUnpriceable_AndNotAsked()
    {
        string slashed = (await LiveItemsAsync(addressable: false))[0].Id;
        string plain = (await LiveItemIdsAsync())[0];
        Stats.Reset();

        PriceAnswers answers = await Sut.GetAsync(SandboxPolling.Connection, [new PriceQuestion("100001", slashed, 1m), new PriceQuestion("100001", plain, 1m)]);

        Assert.Equal([new PriceQuestion("100001", slashed, 1m)], answers.Unpriceable);
        Assert.Equal([plain], answers.Prices.Select(p => p.ItemId));
        Assert.Empty(answers.UnknownItems);
        Assert.Equal(1, Stats.Requests("prices"));
    }

    [Fact]
    public async Task GetAsync_SameQuestionSpelledTwice_IsOnePrice()
    {
        string item = (await LiveItemIdsAsync())[0];
        Stats.Reset();

        PriceAnswers answers = await Sut.GetAsync(SandboxPolling.Connection, [new PriceQuestion("100002", item, 5m), new PriceQuestion(" 100002.0 ", $" {item} ", 5.00m)]);

        Assert.Single(answers.Prices);
        Assert.Equal(1, Stats.Requests("prices"));
    }

    [Theory]
    [InlineData("abc", "X", 1, "customerId")]
    [InlineData("12.5", "X", 1, "customerId")]
    [InlineData("-3", "X", 1, "customerId")]
    [InlineData("100001", " ", 1, "items")]
    [InlineData("100001", "X", 0, "qty")]
    [InlineData("100001", "X", -2, "qty")]
    public async Task GetAsync_BadQuestion_NamesTheField(string customerId, string itemId, int quantity, string field)
    {
        Stats.Reset();

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => Sut.GetAsync(SandboxPolling.Connection, [new PriceQuestion(customerId, itemId, quantity)]));

        Assert.Equal(field, error.ParamName);
        Assert.Equal(0, Stats.Requests("prices") + Stats.Requests("odata"));
    }

    [Fact]
    public async Task GetAsync_TooManyOrNone_NamesPrices()
    {
        var none = await Assert.ThrowsAnyAsync<ArgumentException>(() => Sut.GetAsync(SandboxPolling.Connection, Array.Empty<PriceQuestion>()));
        var many = await Assert.ThrowsAnyAsync<ArgumentException>(() => Sut.GetAsync(SandboxPolling.Connection,
            [.. Enumerable.Range(1, 1001).Select(i => new PriceQuestion("100001", $"ITEM-{i}", 1m))]));

        Assert.Equal(("prices", "prices"), (none.ParamName, many.ParamName));
        Assert.Contains("at most 1000", many.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_P21Failing_ThrowsTheClientsError_AndCachesNothing()
    {
        string item = (await LiveItemIdsAsync())[1];
        _polling.Sandbox.Faults.ErrorRate = 1;
        try
        {
            // The client's retry delays run on the fake clock: move it until the retries are spent.
            Task<CustomerPrice?> failing = Sut.GetAsync(SandboxPolling.Connection, new PriceQuestion("100003", item, 1m));
            while (!failing.IsCompleted)
            {
                _time.Advance(TimeSpan.FromSeconds(5));
                await Task.Delay(5);
            }

            await Assert.ThrowsAsync<P21RequestFailedException>(() => failing);
        }
        finally
        {
            _polling.Sandbox.Faults.Reset();
        }

        Assert.NotNull(await Sut.GetAsync(SandboxPolling.Connection, new PriceQuestion("100003", item, 1m)));
    }

    private async Task PutPageAsync(Random random, int uid, IReadOnlyList<int> itemUids, IReadOnlyList<string> groups)
    {
        var page = new Dictionary<string, object?>
        {
            ["price_page_uid"] = uid,
            ["price_page_type_cd"] = 1,
            ["description"] = $"generated {uid}",
            ["row_status_flag"] = random.Next(8) == 0 ? 705 : 704,
        };
        if (random.Next(3) == 0)
        {
            page["customer_id"] = 100_001 + random.Next(30);
        }

        if (random.Next(3) == 0)
        {
            page["product_group_id"] = groups[random.Next(groups.Count)];
        }
        else
        {
            page["inv_mast_uid"] = itemUids[random.Next(itemUids.Count)];
        }

        bool net = random.Next(3) > 0;
        page["calculation_method_cd"] = net ? 2 : 1;
        decimal[] breaks = [.. new[] { 10m, 50m, 100m, 250m, 500m }.Where(_ => random.Next(2) == 0).Take(4)];
        for (int i = 0; i <= breaks.Length; i++)
        {
            page[$"calculation_value{i + 1}"] = net ? Math.Round((decimal)(random.NextDouble() * 90) + 1, 2) : Math.Round(0.5m + ((decimal)random.NextDouble() * 0.7m), 3);
            if (i > 0)
            {
                page[$"break{i}"] = breaks[i - 1];
            }
        }

        switch (random.Next(6))
        {
            case 0:
                page["expiration_date"] = "2026-01-31T00:00:00";
                break;
            case 1:
                page["effective_date"] = "2026-03-02T00:00:00";
                break;
            case 2:
                page["effective_date"] = "2026-03-03T00:00:00";
                break;
        }

        using HttpResponseMessage put = await _http.PutAsJsonAsync("_sandbox/rows/price_page", page);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        if (!page.ContainsKey("customer_id") && random.Next(4) > 0)
        {
            using HttpResponseMessage link = await _http.PutAsJsonAsync("_sandbox/rows/price_page_x_book",
                new Dictionary<string, object> { ["price_page_x_book_uid"] = uid, ["price_page_uid"] = uid, ["price_book_uid"] = 1 + random.Next(2), ["row_status_flag"] = 704 });
            Assert.True(link.IsSuccessStatusCode, await link.Content.ReadAsStringAsync());
        }
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> EngineAsync(PriceQuestion question)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get,
            $"api/inventory/parts/{Uri.EscapeDataString(question.ItemId)}/v2/price?companyId=1&customerId={question.CustomerId}&unitQuantity={question.Quantity.ToString(CultureInfo.InvariantCulture)}");
        request.Headers.Authorization = new("Bearer", _token);
        request.Headers.Accept.ParseAdd("application/json");
        using HttpResponseMessage response = await _http.SendAsync(request);
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.Clone());
    }

    private async Task<IReadOnlyList<string>> LiveItemIdsAsync() => [.. (await LiveItemsAsync()).Select(i => i.Id)];

    // Only ids P21's price route can address: no '/' (most of the sandbox's fastener ids have one).
    private async Task<IReadOnlyList<(int Uid, string Id)>> LiveItemsAsync(bool addressable = true) =>
        [.. (await ODataAsync("inv_mast", "inv_mast_uid,item_id", "inv_mast_uid", "delete_flag eq 'N'"))
            .Select(r => (Uid: r.GetProperty("inv_mast_uid").GetInt32(), Id: r.GetProperty("item_id").GetString()!))
            .Where(i => i.Id.Contains('/', StringComparison.Ordinal) != addressable)];

    private async Task<IReadOnlyList<JsonElement>> ODataAsync(string table, string select, string orderBy, string? filter = null)
    {
        P21Client client = _polling.Services.GetRequiredService<IP21ClientProvider>().Get(SandboxPolling.Connection);
        var rows = new List<JsonElement>();
        await foreach (P21Row row in client.QueryAsync(new ODataQuery(table, Filter: filter, Select: select.Split(','), OrderBy: orderBy.Split(','), PageSize: 1000)))
        {
            rows.Add(row.Element.Clone());
        }

        return rows;
    }

    private static string? Text(JsonElement row, string name) => row.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static DateOnly? Date(JsonElement row, string name) => Text(row, name) is { } text ? DateOnly.Parse(text, CultureInfo.InvariantCulture) : null;

    private sealed record FeedRow(string? ItemId, string? CustomerId, string? BookId, IReadOnlyList<string> Libraries, decimal MinQuantity, decimal? UnitPrice, DateOnly? Effective, DateOnly? Expires);
}
