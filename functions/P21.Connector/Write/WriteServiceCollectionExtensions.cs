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
        services.TryAddSingleton<KnownItems>();
        services.TryAddSingleton<ItemMatcher>();
        services.TryAddSingleton<CustomerMatcher>();
        services.TryAddSingleton<ShipToMatcher>();
        services.TryAddSingleton(sp => new SalesOrderDryRun(
            sp.GetRequiredService<ItemMatcher>(), sp.GetRequiredService<WriteMappings>(),
            sp.GetRequiredService<IOptionsMonitor<WriterOptions>>(), sp.GetRequiredService<IOptionsMonitor<OrderEligibilityPolicy>>()));
        services.TryAddSingleton(sp => new OrderReconciliation(
            sp.GetRequiredService<SalesOrderDryRun>(), sp.GetRequiredService<P21.Connector.Storage.IIdempotencyLedger>(), sp.GetRequiredService<IOptionsMonitor<WriterOptions>>()));
        services.AddCommand<SalesOrderCreate, SalesOrderCreateHandler>();
        services.AddCommand<SalesOrderUpdateLines, SalesOrderUpdateLinesHandler>();
        services.AddCommand<SalesOrderCancel, SalesOrderCancelHandler>();
        services.AddCommand<CustomerUpsert, CustomerUpsertHandler>();
        services.AddCommand<PurchaseOrderCreate, PurchaseOrderCreateHandler>();
        services.AddCommand<PurchaseOrderUpdate, PurchaseOrderUpdateHandler>();
        services.AddCommand<ShipmentConfirm, ShipmentConfirmHandler>();
        services.AddCommand<ReturnCreate, ReturnCreateHandler>();
        services.AddCommand<JournalEntryPost, JournalEntryPostHandler>();

        services.AddMetrics();
        services.TryAddSingleton<WriteMetrics>();
        services.TryAddSingleton<CommandEnvelope>();
        services.TryAddSingleton<CommandClaims>();
        services.TryAddSingleton<CommandDispatch>();
        services.TryAddSingleton<CommandOutcomes>();
        services.TryAddSingleton<CommandWriter>();
        services.TryAddSingleton<ParkedRecords>();
        return services;
    }

    /// <summary>
    /// Registers <typeparamref name="THandler"/> as the writer of command kind <typeparamref name="TPayload"/> (its
    /// wire name is the payload's <c>[JsonDerivedType]</c> discriminator). The constraint makes a handler for another
    /// payload a compile error; a second registration of the same kind is ignored.
    /// </summary>
    public static IServiceCollection AddCommand<TPayload, THandler>(this IServiceCollection services)
        where TPayload : WriteCommandPayload
        where THandler : WriteHandler<TPayload>
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAdd(ServiceDescriptor.KeyedSingleton<IWriteHandler, THandler>(WriteCommandKind.Of<TPayload>()));
        return services;
    }
}
