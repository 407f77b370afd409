using System.Globalization;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using P21.Connector.Events;
using P21.Connector.Events.Records;
using P21.Connector.Storage;

namespace P21.Connector.Push;

/// <summary>
/// Tells the storefront when P21 cancels one of its orders: takes the <c>p21.salesorder.changed</c> events of the
/// target's connection, keeps the latest per order, and for an order now <c>cancelled</c> that came from this store (the
/// writer's <see cref="OrderLink"/>) cancels or tags it on the platform as <c>OnCancel</c> says, once. A refusal is
/// parked (kind <c>push-order-status</c>). See docs/push.md.
/// </summary>
public sealed partial class OrderStatusPush
{
    /// <summary>The parked-record kind of refused status pushes.</summary>
    public const string ParkedKind = "push-order-status";

    /// <summary>The change event type this service reads.</summary>
    public static readonly string EventType = ChangeEventFactory.Type("salesorder", deleted: false);

    private const string Cancelled = "cancelled";

    private readonly IOptionsMonitor<PushOptions> _options;
    private readonly IServiceProvider _platforms;
    private readonly IMappingStore _mappings;
    private readonly IParkedRecordStore _parked;
    private readonly ILogger<OrderStatusPush> _logger;

    internal OrderStatusPush(IOptionsMonitor<PushOptions> options, IServiceProvider platforms, IMappingStore mappings, IParkedRecordStore parked, ILogger<OrderStatusPush> logger)
    {
        _options = options;
        _platforms = platforms;
        _mappings = mappings;
        _parked = parked;
        _logger = logger;
    }

    /// <summary>Pushes the cancellations in <paramref name="events"/> to target <paramref name="targetName"/>.</summary>
    /// <param name="targetName">A name under <c>Push:Targets</c>.</param>
    /// <param name="events">Change events of any type and connection; the others are ignored.</param>
    /// <param name="cancellationToken">Stops the run between and inside calls.</param>
    /// <param name="dryRun">Report what would be changed (<see cref="PushReport.WouldSet"/>) without a platform call, parked record or stored status.</param>
    /// <exception cref="ArgumentException">No target has that name.</exception>
    /// <exception cref="PushCredentialException">The target's secret is missing or refused.</exception>
    /// <exception cref="PushTransientException">The platform kept failing transiently.</exception>
    public async Task<PushReport> PushAsync(string targetName, IReadOnlyList<ChangeEvent> events, CancellationToken cancellationToken = default, bool dryRun = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetName);
        ArgumentNullException.ThrowIfNull(events);
        var target = PushTarget.Resolve(_options.CurrentValue, targetName);
        if (!target.Pushes(PushEntities.OrderStatus) || target.Options.OnCancel == CancelMode.None)
        {
            return new PushReport { Target = target.Name };
        }

        var (count, latest) = LatestChanges.Of(target, events, EventType, CanonicalJsonContext.Default.SalesOrder, o => o.OrderNo);
        var platform = _platforms.GetRequiredKeyedService<IOrderPlatform>(target.Platform);
        var counters = new PushCounters();
        int already = 0, notFromStore = 0, updated = 0, parked = 0, would = 0;
        foreach (var (orderNo, (change, order)) in latest.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (order.Status != SalesOrderStatus.Cancelled)
            {
                continue;
            }

            if (await _mappings.GetAsync(target.Connection, target.Name, MappingKind.PushOrderStatus, orderNo, cancellationToken).ConfigureAwait(false) == Cancelled)
            {
                already++;
                continue;
            }

            if (OrderLink.Parse(await _mappings.GetAsync(target.Connection, target.Options.OrderSourceName, MappingKind.OrderLink, orderNo, cancellationToken).ConfigureAwait(false)) is not { } link)
            {
                notFromStore++;
                continue;
            }

            if (dryRun)
            {
                would++;
                continue;
            }

            try
            {
                if (await platform.CancelAsync(target, link.OrderId, target.Options.OnCancel, counters, cancellationToken).ConfigureAwait(false))
                {
                    updated++;
                }
                else
                {
                    already++;
                }
            }
            catch (PushRefusedException refused)
            {
                await _parked.ParkAsync(target.Connection, new ParkRequest(
                    ParkedKind,
                    target.Name,
                    ParkedKey(target.Name, orderNo),
                    refused.Message,
                    string.Create(CultureInfo.InvariantCulture, $"P21 order {orderNo} (store order {link.OrderId}) cancelled; {target.Options.OnCancel} on the store; event {change.Id} at {change.Time:O}"),
                    CloudEventJson.Serialize(change)), cancellationToken).ConfigureAwait(false);
                LogParked(_logger, target.Name, orderNo, refused.Message);
                parked++;
                continue;
            }

            await _mappings.SetAsync(target.Connection, target.Name, MappingKind.PushOrderStatus, orderNo, Cancelled, cancellationToken).ConfigureAwait(false);
        }

        if (updated + parked > 0)
        {
            LogReport(_logger, target.Name, updated, target.Options.OnCancel, already, parked);
        }

        return new PushReport
        {
            Target = target.Name,
            Events = count,
            Coalesced = count - latest.Count,
            AlreadyPushed = already,
            NotFromStore = notFromStore,
            OrdersUpdated = updated,
            Parked = parked,
            WouldSet = would,
            Calls = counters.Calls,
            ThrottledWaits = counters.ThrottledWaits,
        };
    }

    /// <summary>The parked record's idempotency key: one per target and order.</summary>
    internal static string ParkedKey(string target, string orderNo) => $"push:{target}:order:{orderNo}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push target {Target}: parked the cancellation of P21 order {OrderNo}: {Reason}")]
    private static partial void LogParked(ILogger logger, string target, string orderNo, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Push target {Target}: {Updated} cancelled orders pushed ({Mode}), {Already} already, {Parked} parked")]
    private static partial void LogReport(ILogger logger, string target, int updated, CancelMode mode, int already, int parked);
}
