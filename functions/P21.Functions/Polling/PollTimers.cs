using Microsoft.Azure.Functions.Worker;

using P21.Connector.Events;
using P21.Connector.Poll;

namespace P21.Functions.Polling;

/// <summary>
/// One timer per entity (flow 1). Schedules come from <c>Poll:{Entity}:Schedule</c> (6-field NCRONTAB); no
/// RunOnStartup, because every scale-out or restart would fire it. The host's timer lease keeps one run per entity.
/// Each runs <see cref="PollRunner.RunAllAsync"/>: every connection, a failing one not stopping the others, then a
/// <see cref="PollRoundException"/> so the invocation shows as failed.
/// </summary>
public sealed class PollTimers(PollRunner runner, IChangeSink sink)
{
    /// <summary>Customers (with addresses, ship-tos, contacts).</summary>
    [Function("PollCustomers")]
    public Task PollCustomersAsync([TimerTrigger("%Poll:Customers:Schedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAllAsync("customers", sink, cancellationToken);

    /// <summary>Items.</summary>
    [Function("PollItems")]
    public Task PollItemsAsync([TimerTrigger("%Poll:Items:Schedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAllAsync("items", sink, cancellationToken);

    /// <summary>Inventory by item and location.</summary>
    [Function("PollInventory")]
    public Task PollInventoryAsync([TimerTrigger("%Poll:Inventory:Schedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAllAsync("inventory", sink, cancellationToken);

    /// <summary>Price rows.</summary>
    [Function("PollPrices")]
    public Task PollPricesAsync([TimerTrigger("%Poll:Prices:Schedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAllAsync("prices", sink, cancellationToken);

    /// <summary>Vendors.</summary>
    [Function("PollVendors")]
    public Task PollVendorsAsync([TimerTrigger("%Poll:Vendors:Schedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAllAsync("vendors", sink, cancellationToken);

    /// <summary>Purchase orders.</summary>
    [Function("PollPurchaseOrders")]
    public Task PollPurchaseOrdersAsync([TimerTrigger("%Poll:PurchaseOrders:Schedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAllAsync("purchase-orders", sink, cancellationToken);

    /// <summary>Sales orders and their status.</summary>
    [Function("PollSalesOrders")]
    public Task PollSalesOrdersAsync([TimerTrigger("%Poll:SalesOrders:Schedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAllAsync("sales-orders", sink, cancellationToken);

    /// <summary>Shipments (pick tickets with carrier and tracking).</summary>
    [Function("PollShipments")]
    public Task PollShipmentsAsync([TimerTrigger("%Poll:Shipments:Schedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAllAsync("shipments", sink, cancellationToken);

    /// <summary>Invoices and their paid state.</summary>
    [Function("PollInvoices")]
    public Task PollInvoicesAsync([TimerTrigger("%Poll:Invoices:Schedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAllAsync("invoices", sink, cancellationToken);
}
