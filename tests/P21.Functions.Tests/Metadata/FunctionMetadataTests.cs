using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Core.FunctionMetadata;

using P21.Functions.Hosting;
using P21.Functions.Tests.Hosting;

namespace P21.Functions.Tests.Metadata;

/// <summary>
/// The function metadata the real Worker.Sdk generates for the app: the source-generated provider the worker hands to the
/// host (worker indexing) and the <c>functions.metadata</c> file the build writes next to the app. Both must list exactly
/// the functions below, with exactly these bindings, so a new, renamed or re-bound trigger fails here until the
/// expectation (and the Bicep/app settings it implies) is updated.
/// </summary>
public sealed partial class FunctionMetadataTests
{
    private const string Http = "httpTrigger";
    private const string Timer = "timerTrigger";
    private const string ServiceBus = "serviceBusTrigger";

    // Every binding as "direction type name {key=value, ...}" with keys sorted; "methods" joined with '|'.
    private static readonly SortedDictionary<string, string[]> Expected = new(StringComparer.Ordinal)
    {
        ["Health"] = [Trigger(Http, "req", "authLevel=Anonymous", "methods=get", "route=health"), HttpResult],
        ["IntakeOrders"] = [Trigger(Http, "req", "authLevel=Function", "methods=post", "route=orders/{source}"), HttpResult],
        ["IntakeSettlements"] = [Trigger(Http, "req", "authLevel=Function", "methods=post", "route=settlements/{source}"), HttpResult],
        ["IntakeCustomers"] = [Trigger(Http, "req", "authLevel=Function", "methods=post", "route=customers/{source}"), HttpResult],
        ["IntakePurchaseOrders"] = [Trigger(Http, "req", "authLevel=Function", "methods=post", "route=purchase-orders"), HttpResult],
        ["InventoryItem"] = [Trigger(Http, "req", "authLevel=Function", "methods=get", "route=inventory/{*itemId}"), HttpResult],
        ["InventoryBatch"] = [Trigger(Http, "req", "authLevel=Function", "methods=post", "route=inventory/batch"), HttpResult],
        ["CustomerPrices"] = [Trigger(Http, "req", "authLevel=Function", "methods=get", "route=prices/{customerId}"), HttpResult],
        ["PriceBatch"] = [Trigger(Http, "req", "authLevel=Function", "methods=post", "route=prices/batch"), HttpResult],
        ["PollCustomers"] = [Trigger(Timer, "timer", "schedule=%Poll:Customers:Schedule%")],
        ["PollItems"] = [Trigger(Timer, "timer", "schedule=%Poll:Items:Schedule%")],
        ["PollInventory"] = [Trigger(Timer, "timer", "schedule=%Poll:Inventory:Schedule%")],
        ["PollPrices"] = [Trigger(Timer, "timer", "schedule=%Poll:Prices:Schedule%")],
        ["PollVendors"] = [Trigger(Timer, "timer", "schedule=%Poll:Vendors:Schedule%")],
        ["PollPurchaseOrders"] = [Trigger(Timer, "timer", "schedule=%Poll:PurchaseOrders:Schedule%")],
        ["PollSalesOrders"] = [Trigger(Timer, "timer", "schedule=%Poll:SalesOrders:Schedule%")],
        ["PollShipments"] = [Trigger(Timer, "timer", "schedule=%Poll:Shipments:Schedule%")],
        ["PollInvoices"] = [Trigger(Timer, "timer", "schedule=%Poll:Invoices:Schedule%")],
        ["SchemaDrift"] = [Trigger(Timer, "timer", "schedule=%Schema:Drift:Schedule%")],
        ["AmazonOrders"] = [Trigger(Timer, "timer", "schedule=%Amazon:Orders:Schedule%")],
        ["AmazonSettlements"] = [Trigger(Timer, "timer", "schedule=%Amazon:Settlements:Schedule%")],
        ["AmazonReturns"] = [Trigger(Timer, "timer", "schedule=%Amazon:Returns:Schedule%")],
        ["WriteCommand"] = [Trigger(ServiceBus, "body", "cardinality=One", "connection=ServiceBus", "dataType=String", "queueName=p21-writes")],
        ["PushShopify"] = [Trigger(ServiceBus, "bodies", "cardinality=Many", "connection=ServiceBus", "dataType=String", "subscriptionName=push-shopify", "topicName=p21-changes")],
        ["PushBigCommerce"] = [Trigger(ServiceBus, "bodies", "cardinality=Many", "connection=ServiceBus", "dataType=String", "subscriptionName=push-bigcommerce", "topicName=p21-changes")],
        ["PushWooCommerce"] = [Trigger(ServiceBus, "bodies", "cardinality=Many", "connection=ServiceBus", "dataType=String", "subscriptionName=push-woocommerce", "topicName=p21-changes")],
        ["PushAmazon"] = [Trigger(ServiceBus, "bodies", "cardinality=Many", "connection=ServiceBus", "dataType=String", "subscriptionName=push-amazon", "topicName=p21-changes")],
    };

    private const string HttpResult = "Out http $return {}";

    private static readonly Assembly App = typeof(FunctionsServiceCollectionExtensions).Assembly;

    [Fact]
    public async Task GeneratedProvider_ListsExactlyTheExpectedFunctionsAndBindings()
    {
        var provider = App.GetTypes().SingleOrDefault(t => t.Name == "GeneratedFunctionMetadataProvider" && typeof(IFunctionMetadataProvider).IsAssignableFrom(t));
        Assert.True(provider is not null, "P21.Functions has no GeneratedFunctionMetadataProvider: the Worker.Sdk metadata generator did not run.");

        var metadata = await ((IFunctionMetadataProvider)Activator.CreateInstance(provider)!).GetFunctionMetadataAsync(AppContext.BaseDirectory);

        AssertExpected(metadata.ToDictionary(
            m => m.Name!,
            m => (m.EntryPoint, (IEnumerable<JsonObject>)[.. m.RawBindings!.Select(b => JsonNode.Parse(b)!.AsObject())])));
    }

    [Fact]
    public void FunctionsMetadataFile_ListsExactlyTheExpectedFunctionsAndBindings()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: the Worker.Sdk did not write functions.metadata for P21.Functions.");

        var functions = JsonNode.Parse(File.ReadAllText(path))!.AsArray().Select(f => f!.AsObject()).ToList();

        Assert.All(functions, f => Assert.Equal("P21.Functions.dll", (string?)f["scriptFile"]));
        Assert.All(functions, f => Assert.Equal("dotnet-isolated", (string?)f["language"]));
        AssertExpected(functions.ToDictionary(
            f => (string)f["name"]!,
            f => ((string?)f["entryPoint"], (IEnumerable<JsonObject>)[.. f["bindings"]!.AsArray().Select(b => b!.AsObject())])));
    }

    [Fact]
    public void Expectation_CoversEveryFunctionAttributeInTheApp()
    {
        var declared = FunctionMethods().Select(m => m.GetCustomAttribute<FunctionAttribute>()!.Name).Order(StringComparer.Ordinal);

        Assert.Equal(Expected.Keys, declared);
    }

    [Fact]
    public void Expectation_EveryScheduleSettingIsInTheLocalSettingsSample()
    {
        var values = JsonNode.Parse(File.ReadAllText(RepositoryFiles.Path("local.settings.sample.json")))!["Values"]!.AsObject();
        var settings = Expected.Values.SelectMany(b => b).Select(b => ScheduleSetting().Match(b)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(13, settings.Count);
        Assert.All(settings, s => Assert.True(values.ContainsKey(s.Replace(":", "__", StringComparison.Ordinal)), $"local.settings.sample.json lacks {s}"));
    }

    private static void AssertExpected(Dictionary<string, (string? EntryPoint, IEnumerable<JsonObject> Bindings)> actual)
    {
        Assert.Equal(Expected.Keys, actual.Keys.Order(StringComparer.Ordinal));
        var entryPoints = FunctionMethods().ToDictionary(m => m.GetCustomAttribute<FunctionAttribute>()!.Name, m => $"{m.DeclaringType!.FullName}.{m.Name}");
        foreach (var (name, (entryPoint, bindings)) in actual)
        {
            Assert.Equal(entryPoints[name], entryPoint);
            Assert.Equal(Expected[name], bindings.Select(Describe).ToArray());
        }
    }

    private static IEnumerable<MethodInfo> FunctionMethods() =>
        App.GetTypes().SelectMany(t => t.GetMethods()).Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null);

    private static string Trigger(string type, string name, params string[] properties) =>
        $"In {type} {name} {{{string.Join(", ", properties)}}}";

    // "properties" (empty in both sources for these bindings) is the host's extension bag, not a binding setting.
    private static string Describe(JsonObject binding)
    {
        var rest = binding
            .Where(p => p.Key is not ("name" or "type" or "direction") && !(p.Key == "properties" && p.Value is JsonObject { Count: 0 }))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={Value(p.Value)}");
        return $"{binding["direction"]} {binding["type"]} {binding["name"]} {{{string.Join(", ", rest)}}}";
    }

    private static string Value(JsonNode? node) => node switch
    {
        JsonArray array => string.Join('|', array.Select(a => a?.ToString())),
        null => "null",
        _ when node.GetValueKind() == JsonValueKind.String => node.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    [GeneratedRegex("schedule=%([^%]+)%")]
    private static partial Regex ScheduleSetting();
}
