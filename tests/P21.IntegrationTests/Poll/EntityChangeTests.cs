using System.Net.Http.Json;
using System.Text.Json.Nodes;

using P21.Connector.Events;

namespace P21.IntegrationTests.Poll;

/// <summary>A create, an update and a soft delete made through the sandbox's control endpoints yield exactly one event each.</summary>
public class EntityChangeTests
{
    /// <summary>Entity, table, the row to create, the column changed by the update, its new value, the delete key, the subject, the JSON property checked.</summary>
    public static TheoryData<string, string, string, string, string, string?, string, string> Cases() => new()
    {
        { "customers", "customer", """{"company_id":"1","customer_id":990001,"customer_name":"Acme Test","credit_limit":500}""", "customer_name", "Acme Renamed", "1,990001", "990001", "name" },
        { "items", "inv_mast", """{"inv_mast_uid":990001,"item_id":"TEST-1","item_desc":"Test bolt"}""", "item_desc", "Test bolt v2", "990001", "TEST-1", "description" },
        { "inventory", "inv_loc", """{"company_id":"1","location_id":10,"inv_mast_uid":990001,"item_id":"TEST-1","qty_on_hand":5,"qty_allocated":1}""", "qty_on_hand", "9", "10,990001", "TEST-1@10", "onHand" },
        { "prices", "price_page", """{"price_page_uid":990001,"description":"Test page","calculation_method_cd":2,"calculation_value1":9.5}""", "description", "Test page v2", "990001", "990001", "description" },
        { "vendors", "vendor", """{"company_id":"1","vendor_id":990001,"vendor_name":"Test Vendor"}""", "vendor_name", "Test Vendor 2", "1,990001", "990001", "name" },
        { "purchase-orders", "po_hdr", """{"po_no":990001,"vendor_id":1,"tracking_no":"T1"}""", "tracking_no", "T2", "990001", "990001", "trackingNo" },
        { "sales-orders", "oe_hdr", """{"order_no":"T990001","customer_id":1,"taker":"ESTORE"}""", "web_reference_no", "WEB-2", "T990001", "T990001", "webReferenceNo" },
        { "shipments", "oe_pick_ticket", """{"pick_ticket_no":990001,"order_no":"T990001","tracking_no":"1Z1"}""", "tracking_no", "1Z2", "990001", "990001", "trackingNo" },
        { "invoices", "invoice_hdr", """{"invoice_no":"T990001","order_no":"T990001","total_amount":10,"amount_paid":0}""", "amount_paid", "10", null, "T990001", "amountPaid" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task RunAsync_CreateUpdateDelete_OneEventEach(string entity, string table, string create, string column, string value, string? deleteKey, string subject, string property)
    {
        await using var polling = await SandboxPolling.StartAsync();
        using var http = new HttpClient { BaseAddress = polling.Sandbox.BaseAddress };
        await polling.RunAsync(entity, new InMemoryChangeSink());

        var created = await StepAsync(polling, entity, () => http.PutAsync($"_sandbox/rows/{table}", Json(create)));
        var row = JsonNode.Parse(create)!.AsObject();
        row[column] = decimal.TryParse(value, out var number) ? JsonValue.Create(number) : JsonValue.Create(value);
        var updated = await StepAsync(polling, entity, () => http.PutAsync($"_sandbox/rows/{table}", Json(row.ToJsonString())));

        var createdEvent = Assert.Single(created);
        var updatedEvent = Assert.Single(updated);
        Assert.Equal(subject, createdEvent.Subject);
        Assert.Equal(subject, updatedEvent.Subject);
        Assert.EndsWith(".changed", updatedEvent.Type, StringComparison.Ordinal);
        Assert.NotEqual(createdEvent.Id, updatedEvent.Id);
        Assert.Equal(value, updatedEvent.Data.GetProperty(property).ToString());

        if (deleteKey is not null)
        {
            var deleted = await StepAsync(polling, entity, () => http.DeleteAsync($"_sandbox/rows/{table}/{deleteKey}"));
            var deletedEvent = Assert.Single(deleted);
            Assert.Equal(subject, deletedEvent.Subject);
            Assert.EndsWith(".deleted", deletedEvent.Type, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RunAsync_OrderLineChanged_ReEmitsTheOrder()
    {
        await using var polling = await SandboxPolling.StartAsync();
        using var http = new HttpClient { BaseAddress = polling.Sandbox.BaseAddress };
        await (await http.PutAsync("_sandbox/rows/oe_hdr", Json("""{"order_no":"T990002","customer_id":1}"""))).Content.ReadAsStringAsync();
        await polling.RunAsync("sales-orders", new InMemoryChangeSink());

        var events = await StepAsync(polling, "sales-orders", () => http.PutAsync("_sandbox/rows/oe_line",
            Json("""{"order_no":"T990002","line_no":1,"item_id":"TEST-1","qty_ordered":3,"unit_price":2.5}""")));

        var changed = Assert.Single(events);
        Assert.Equal("T990002", changed.Subject);
        Assert.Equal(3m, changed.Data.GetProperty("lines")[0].GetProperty("qtyOrdered").GetDecimal());
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    private static async Task<IReadOnlyList<ChangeEvent>> StepAsync(SandboxPolling polling, string entity, Func<Task<HttpResponseMessage>> change)
    {
        using var response = await change();
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var sink = new InMemoryChangeSink();
        await polling.RunAsync(entity, sink);
        return sink.Events;
    }
}
