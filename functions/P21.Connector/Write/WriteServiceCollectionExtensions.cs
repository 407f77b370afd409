using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

using P21.Connector.Commands;
using P21.Connector.Settings;
using P21.Connector.Storage;
using P21.Connector.Write;
using P21.Connector.Write.Handlers;
using P21.Connector.Write.Journal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the writer (Service Bus → P21), its handlers and the parked-record service.</summary>
public static class WriteServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="CommandWriter"/>, one keyed <see cref="IWriteHandler"/> per <see cref="WriteCommandKind"/> and
    /// <see cref="ParkedRecords"/> (plus the read-only <see cref="SalesOrderDryRun"/> and <see cref="OrderReconciliation"/>), with <see cref="WriterOptions"/> bound to section <c>Writer</c> and validated at start.
    /// The ledger, parked store, mappings, P21 clients and change sink come from their own <c>Add…</c> calls.
    /// </summary>
    public static IServiceCollection AddP21Write(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<WriterOptions>().Bind(configuration.GetSection(WriterOptions.SectionName)).ValidateOnStart();
        services.AddSettingPathValidator(WriterOptions.SectionName, new WriterOptionsValidator());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new Backoff(sp.GetRequiredService<TimeProvider>(), Random.Shared));
        // The dry run re-applies intake's eligibility rules, read from intake's section.
        services.AddOptions<OrderEligibilityPolicy>().Bind(configuration.GetSection(OrderEligibilityPolicy.SectionName));
        // Settlement intake reads the same section; the clearing account is checked per settlement (a missing one parks it).
        services.AddOptions<SettlementPostingOptions>().Bind(configuration.GetSection("Settlements:Posting"));

        services.TryAddSingleton<WriteMappings>();
        services.TryAddSingleton<ItemMatcher>();
        services.TryAddSingleton<CustomerMatcher>();
        services.TryAddSingleton<ShipToMatcher>();
        services.TryAddSingleton(sp => new SalesOrderDryRun(
            sp.GetRequiredService<ItemMatcher>(), sp.GetRequiredService<WriteMappings>(),
            sp.GetRequiredService<IOptionsMonitor<WriterOptions>>(), sp.GetRequiredService<IOptionsMonitor<OrderEligibilityPolicy>>()));
        services.TryAddSingleton(sp => new OrderReconciliation(
            sp.GetRequiredService<SalesOrderDryRun>(), sp.GetRequiredService<P21.Connector.Storage.IIdempotencyLedger>(), sp.GetRequiredService<IOptionsMonitor<WriterOptions>>()));
        AddHandler<SalesOrderCreateHandler>(services, WriteCommandKind.SalesOrderCreate);
        AddHandler<SalesOrderUpdateLinesHandler>(services, WriteCommandKind.SalesOrderUpdateLines);
        AddHandler<SalesOrderCancelHandler>(services, WriteCommandKind.SalesOrderCancel);
        AddHandler<CustomerUpsertHandler>(services, WriteCommandKind.CustomerUpsert);
        AddHandler<PurchaseOrderCreateHandler>(services, WriteCommandKind.PurchaseOrderCreate);
        AddHandler<PurchaseOrderUpdateHandler>(services, WriteCommandKind.PurchaseOrderUpdate);
        AddHandler<ShipmentConfirmHandler>(services, WriteCommandKind.ShipmentConfirm);
        AddHandler<ReturnCreateHandler>(services, WriteCommandKind.ReturnCreate);
        AddHandler<JournalEntryPostHandler>(services, WriteCommandKind.JournalEntryPost);

        services.TryAddSingleton<CommandClaims>();
        services.TryAddSingleton<CommandWriter>();
        services.TryAddSingleton<ParkedRecords>();
        return services;
    }

    private static void AddHandler<THandler>(IServiceCollection services, WriteCommandKind kind)
        where THandler : class, IWriteHandler =>
        services.TryAdd(ServiceDescriptor.KeyedSingleton<IWriteHandler, THandler>(kind));
}
