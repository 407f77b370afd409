using System.Globalization;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using P21.Connector.Events;
using P21.Connector.Events.Records;
using P21.Connector.Storage;

namespace P21.Connector.Push;

/// <summary>
/// Puts P21 shipments on the storefront orders they belong to: takes the <c>p21.shipment.changed</c> events of the
/// target's connection, keeps the latest per pick ticket, skips tickets not yet confirmed (no ship date) and tickets
/// already on the store, finds the storefront order through the writer's <see cref="OrderLink"/> (orders that did not
/// come from this store are skipped), and records the shipped lines and quantities with carrier and tracking through
/// the platform's <see cref="IOrderPlatform"/>. A shipment the store refuses is parked (kind <c>push-shipment</c>). See docs/push.md.
/// </summary>
public sealed partial class ShipmentPush
{
    /// <summary>The parked-record kind of refused shipments.</summary>
    public const string ParkedKind = "push-shipment";

    /// <summary>The change event type this service pushes.</summary>
    public static readonly string EventType = ChangeEventFactory.Type("shipment", deleted: false);

    private readonly IOptionsMonitor<PushOptions> _options;
    private readonly IServiceProvider _platforms;
    private readonly IMappingStore _mappings;
    private readonly IParkedRecordStore _parked;
    private readonly ILogger<ShipmentPush> _logger;

    internal ShipmentPush(IOptionsMonitor<PushOptions> options, IServiceProvider platforms, IMappingStore mappings, IParkedRecordStore parked, ILogger<ShipmentPush> logger)
    {
        _options = options;
        _platforms = platforms;
        _mappings = mappings;
        _parked = parked;
        _logger = logger;
    }

    /// <summary>Pushes the confirmed shipments in <paramref name="events"/> to target <paramref name="targetName"/>.</summary>
    /// <param name="targetName">A name under <c>Push:Targets</c>.</param>
    /// <param name="events">Change events of any type and connection; the others are ignored.</param>
    /// <param name="cancellationToken">Stops the run between and inside calls.</param>
    /// <param name="dryRun">Report what would be shipped (<see cref="PushReport.WouldSet"/>) without a platform call, parked record or stored position.</param>
    /// <exception cref="ArgumentException">No target has that name.</exception>
    /// <exception cref="PushCredentialException">The target's secret is missing or refused.</exception>
    /// <exception cref="PushTransientException">The platform kept failing transiently; what was shipped stays recorded.</exception>
    public async Task<PushReport> PushAsync(string targetName, IReadOnlyList<ChangeEvent> events, CancellationToken cancellationToken = default, bool dryRun = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetName);
        ArgumentNullException.ThrowIfNull(events);
        var target = PushTarget.Resolve(_options.CurrentValue, targetName);
        if (!target.Pushes(PushEntities.Shipments))
        {
            return new PushReport { Target = target.Name };
        }

        var (count, latest) = LatestChanges.Of(target, events, EventType, CanonicalJsonContext.Default.Shipment, s => s.PickTicketNo);
        var platform = _platforms.GetRequiredKeyedService<IOrderPlatform>(target.Platform);
        var counters = new PushCounters();
        int already = 0, notFromStore = 0, unconfirmed = 0, shipped = 0, parked = 0, wouldShip = 0;
        foreach (var (ticket, (change, shipment)) in latest.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (shipment.ShipDate is null || shipment.OrderNo is null)
            {
                unconfirmed++;
                continue;
            }

            if (await _mappings.GetAsync(target.Connection, target.Name, MappingKind.PushShipment, ticket, cancellationToken).ConfigureAwait(false) is not null)
            {
                already++;
                continue;
            }

            var link = OrderLink.Parse(await _mappings.GetAsync(target.Connection, target.Options.OrderSourceName, MappingKind.OrderLink, shipment.OrderNo, cancellationToken).ConfigureAwait(false));
            var store = link is null ? null : ToStore(target, link, shipment);
            if (store is null)
            {
                notFromStore++;
                continue;
            }

            if (dryRun)
            {
                wouldShip++;
                continue;
            }

            ShipmentResult result;
            try
            {
                result = await platform.ShipAsync(target, store, counters, cancellationToken).ConfigureAwait(false);
            }
            catch (PushRefusedException refused)
            {
                await ParkAsync(target, change, shipment, store.OrderId, refused.Message, cancellationToken).ConfigureAwait(false);
                parked++;
                continue;
            }

            await _mappings.SetAsync(target.Connection, target.Name, MappingKind.PushShipment, ticket, $"{result.ShipmentId}|{store.TrackingNumber}", cancellationToken).ConfigureAwait(false);
            if (result.AlreadyShipped)
            {
                already++;
            }
            else
            {
                shipped++;
            }
        }

        var report = new PushReport
        {
            Target = target.Name,
            Events = count,
            Coalesced = count - latest.Count,
            AlreadyPushed = already,
            NotFromStore = notFromStore,
            Shipped = shipped,
            Parked = parked,
            WouldSet = wouldShip,
            Calls = counters.Calls,
            ThrottledWaits = counters.ThrottledWaits,
        };
        if (count > 0)
        {
            LogReport(_logger, target.Name, count, shipped, already, notFromStore, unconfirmed, parked, counters.Calls);
        }

        return report;
    }

    /// <summary>
    /// The shipment as the store's order takes it: the ticket's lines that are on the platform order (by the P21 line
    /// number the link keeps), with whole shipped quantities; null when none of its lines came from the platform.
    /// </summary>
    internal static StoreShipment? ToStore(PushTarget target, OrderLink link, Shipment shipment)
    {
        var byLine = link.Lines.GroupBy(l => l.Line).ToDictionary(g => g.Key, g => g.First());
        var lines = new List<StoreShipmentLine>();
        foreach (var line in shipment.Lines)
        {
            int quantity = (int)Math.Floor(line.ShipQuantity);
            if (quantity > 0 && line.OrderLineNo is { } orderLine && byLine.TryGetValue(orderLine, out var platformLine))
            {
                lines.Add(new StoreShipmentLine(platformLine.Id, platformLine.Sku ?? line.ItemId, quantity));
            }
        }

        if (lines.Count == 0)
        {
            return null;
        }

        string? tracking = string.IsNullOrWhiteSpace(shipment.TrackingNo) ? null : shipment.TrackingNo.Trim();
        var (carrier, url) = ShipmentCarriers.Resolve(shipment.CarrierId, tracking, target.Options.Carriers);
        return new StoreShipment(link.OrderId, shipment.PickTicketNo, lines, carrier, tracking, url, target.Options.NotifyCustomer);
    }

    /// <summary>The parked record's idempotency key: one per target and pick ticket.</summary>
    internal static string ParkedKey(string target, string pickTicketNo) => $"push:{target}:ticket:{pickTicketNo}";

    private async Task ParkAsync(PushTarget target, ChangeEvent change, Shipment shipment, string orderId, string reason, CancellationToken cancellationToken)
    {
        await _parked.ParkAsync(target.Connection, new ParkRequest(
            ParkedKind,
            target.Name,
            ParkedKey(target.Name, shipment.PickTicketNo),
            reason,
            string.Create(CultureInfo.InvariantCulture, $"pick ticket {shipment.PickTicketNo} of P21 order {shipment.OrderNo} (store order {orderId}), {shipment.Lines.Count} lines, event {change.Id} at {change.Time:O}"),
            CloudEventJson.Serialize(change)), cancellationToken).ConfigureAwait(false);
        LogParked(_logger, target.Name, shipment.PickTicketNo, reason);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push target {Target}: parked pick ticket {PickTicketNo}: {Reason}")]
    private static partial void LogParked(ILogger logger, string target, string pickTicketNo, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Push target {Target}: {Events} shipment events, {Shipped} shipped, {Already} already on the store, {NotFromStore} not from this store, {Unconfirmed} not confirmed, {Parked} parked, {Calls} calls")]
    private static partial void LogReport(ILogger logger, string target, int events, int shipped, int already, int notFromStore, int unconfirmed, int parked, int calls);
}
