using System.Globalization;
using System.Text.Json;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using P21.Connector.Events;
using P21.Connector.Events.Records;
using P21.Connector.Storage;

namespace P21.Connector.Push;

/// <summary>
/// Pushes P21 stock to one storefront: takes a batch of change events, keeps the <c>p21.inventory.changed</c> events of
/// the target's connection, coalesces them per (item, location) to the latest, drops stale and already-pushed ones,
/// maps the location, resolves SKUs (the P21 <c>item_id</c> is the platform SKU) to platform ids once, and sets the
/// absolute available quantity in the platform's largest batches. Changes the platform cannot take are parked (kind
/// <c>push-inventory</c>), never thrown. See docs/push.md.
/// </summary>
public sealed partial class InventoryPush
{
    /// <summary>The parked-record kind of refused stock pushes.</summary>
    public const string ParkedKind = "push-inventory";

    /// <summary>The change event type this service pushes.</summary>
    public static readonly string EventType = ChangeEventFactory.Type(PushEntities.Inventory, deleted: false);

    /// <summary>The largest quantity pushed (Shopify refuses more than 1,000,000,000).</summary>
    public const int MaxQuantity = 1_000_000_000;

    private readonly IOptionsMonitor<PushOptions> _options;
    private readonly IServiceProvider _platforms;
    private readonly IMappingStore _mappings;
    private readonly IParkedRecordStore _parked;
    private readonly ILogger<InventoryPush> _logger;

    internal InventoryPush(IOptionsMonitor<PushOptions> options, IServiceProvider platforms, IMappingStore mappings, IParkedRecordStore parked, ILogger<InventoryPush> logger)
    {
        _options = options;
        _platforms = platforms;
        _mappings = mappings;
        _parked = parked;
        _logger = logger;
    }

    /// <summary>The configured target names.</summary>
    public IReadOnlyList<string> Targets => [.. _options.CurrentValue.Targets.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Pushes the inventory changes in <paramref name="events"/> to target <paramref name="targetName"/>.</summary>
    /// <param name="targetName">A name under <c>Push:Targets</c>.</param>
    /// <param name="events">Change events of any type and connection; the others are ignored.</param>
    /// <param name="cancellationToken">Stops the run between and inside calls.</param>
    /// <param name="dryRun">
    /// Stop after coalescing, the stale check and the location map: report what would be set (<see cref="PushReport.WouldSet"/>)
    /// and what would be parked, without a platform call, a parked record or a stored position.
    /// </param>
    /// <exception cref="ArgumentException">No target has that name.</exception>
    /// <exception cref="PushCredentialException">The target's secret is missing or refused.</exception>
    /// <exception cref="PushTransientException">The platform kept failing transiently; what was set stays recorded.</exception>
    public async Task<PushReport> PushAsync(string targetName, IReadOnlyList<ChangeEvent> events, CancellationToken cancellationToken = default, bool dryRun = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetName);
        ArgumentNullException.ThrowIfNull(events);
        var target = PushTarget.Resolve(_options.CurrentValue, targetName);
        var counters = new PushCounters();
        if (!target.Pushes(PushEntities.Inventory))
        {
            return new PushReport { Target = target.Name };
        }

        var platform = _platforms.GetRequiredKeyedService<IInventoryPlatform>(target.Platform);

        // 1. This target's inventory events, coalesced to the latest per (item, location): by time, then batch order.
        var latest = new Dictionary<(string Item, string Location), Change>();
        int count = 0;
        foreach (var (changeEvent, order) in events.Select((e, i) => (e, i)))
        {
            if (!target.Takes(changeEvent, EventType))
            {
                continue;
            }

            var level = changeEvent.Data.Deserialize(CanonicalJsonContext.Default.InventoryLevel);
            if (level is null || string.IsNullOrWhiteSpace(level.ItemId) || string.IsNullOrWhiteSpace(level.LocationId))
            {
                continue;
            }

            count++;
            var change = new Change(changeEvent, level, order);
            var key = (level.ItemId.Trim(), level.LocationId.Trim());
            if (!latest.TryGetValue(key, out var kept) || (change.Event.Time, change.Order).CompareTo((kept.Event.Time, kept.Order)) > 0)
            {
                latest[key] = change;
            }
        }

        int coalesced = count - latest.Count;

        // 2. Stale and already-pushed changes drop out; the rest need a platform location.
        int stale = 0, already = 0, parked = 0;
        var toPush = new List<(Change Change, string Location, int? LastPushed)>();
        foreach (var ((item, location), change) in latest.OrderBy(p => p.Key.Item, StringComparer.Ordinal).ThenBy(p => p.Key.Location, StringComparer.Ordinal))
        {
            var position = PushPosition.Parse(await _mappings.GetAsync(target.Connection, target.Name, MappingKind.PushPosition, PositionKey(item, location), cancellationToken).ConfigureAwait(false));
            if (position is { } last && change.Event.Time < last.Time)
            {
                stale++;
                continue;
            }

            if (position is { } same && change.Event.Time == same.Time && change.Event.Id == same.EventId)
            {
                already++;
                continue;
            }

            if (!target.Options.Locations.TryGetValue(location, out string? platformLocation) || string.IsNullOrWhiteSpace(platformLocation))
            {
                if (!dryRun)
                {
                    await ParkAsync(target, change, $"P21 location '{location}' has no platform location: add {target.SettingPath}:Locations:{location}.", cancellationToken).ConfigureAwait(false);
                }

                parked++;
                continue;
            }

            toPush.Add((change, platformLocation.Trim(), position?.Quantity));
        }

        if (dryRun)
        {
            return new PushReport { Target = target.Name, Events = count, Coalesced = coalesced, Stale = stale, AlreadyPushed = already, Parked = parked, WouldSet = toPush.Count };
        }

        // 3. Platform ids: cached per SKU, looked up once for the rest.
        var ids = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var unknown = new List<string>();
        foreach (string sku in toPush.Select(p => p.Change.Level.ItemId.Trim()).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (await _mappings.GetAsync(target.Connection, target.Name, MappingKind.PushItem, sku, cancellationToken).ConfigureAwait(false) is { } id)
            {
                ids[sku] = id;
            }
            else
            {
                unknown.Add(sku);
            }
        }

        if (unknown.Count > 0)
        {
            foreach (var (sku, id) in await platform.FindItemsAsync(target, unknown, counters, cancellationToken).ConfigureAwait(false))
            {
                ids[sku] = id;
                await _mappings.SetAsync(target.Connection, target.Name, MappingKind.PushItem, sku, id, cancellationToken).ConfigureAwait(false);
            }
        }

        var sets = new List<(InventorySet Set, Change Change)>();
        foreach (var (change, location, lastPushed) in toPush)
        {
            string sku = change.Level.ItemId.Trim();
            if (!ids.TryGetValue(sku, out string? id))
            {
                await ParkAsync(target, change, $"SKU '{sku}' (P21 item_id) is not on the {target.Platform} store of {target.SettingPath}: create it there with that SKU, then replay.", cancellationToken).ConfigureAwait(false);
                parked++;
                continue;
            }

            sets.Add((new InventorySet(sku, id, location, Quantity(change.Level.Available), lastPushed), change));
        }

        // 4. Set in the platform's largest batches; each batch's positions commit as soon as it is through.
        foreach (var batch in sets.Chunk(platform.MaxBatch))
        {
            IReadOnlyList<SetRejection> rejections;
            try
            {
                rejections = await platform.SetAsync(target, [.. batch.Select(b => b.Set)], counters, cancellationToken).ConfigureAwait(false);
            }
            catch (PushRefusedException refused)
            {
                rejections = [.. batch.Select(b => new SetRejection(b.Set, refused.Message))];
            }

            var refusedSets = rejections.ToDictionary(r => r.Set);
            foreach (var (set, change) in batch)
            {
                if (refusedSets.TryGetValue(set, out var why))
                {
                    if (why.ForgetItem)
                    {
                        await _mappings.DeleteAsync(target.Connection, target.Name, MappingKind.PushItem, set.Sku, cancellationToken).ConfigureAwait(false);
                    }

                    await ParkAsync(target, change, why.Reason, cancellationToken).ConfigureAwait(false);
                    parked++;
                    continue;
                }

                await _mappings.SetAsync(target.Connection, target.Name, MappingKind.PushPosition, PositionKey(set.Sku, change.Level.LocationId.Trim()),
                    new PushPosition(change.Event.Time, change.Event.Id, set.Quantity).ToString(), cancellationToken).ConfigureAwait(false);
            }
        }

        var report = new PushReport
        {
            Target = target.Name,
            Events = count,
            Coalesced = coalesced,
            Stale = stale,
            AlreadyPushed = already,
            Calls = counters.Calls,
            Lookups = counters.Lookups,
            ItemsSet = counters.ItemsSet,
            ConflictsResolved = counters.Conflicts,
            Parked = parked,
            ThrottledWaits = counters.ThrottledWaits,
        };
        LogReport(_logger, report.Target, report.Events, report.ItemsSet, report.Parked, report.Stale, report.ConflictsResolved, report.Calls);
        return report;
    }

    /// <summary>An available quantity as the whole, non-negative number platforms take (fractions round down).</summary>
    internal static int Quantity(decimal available) => (int)Math.Clamp(Math.Floor(available), 0m, MaxQuantity);

    /// <summary>The <see cref="MappingKind.PushPosition"/> key of an item at a P21 location.</summary>
    internal static string PositionKey(string itemId, string locationId) => $"{itemId}|{locationId}";

    /// <summary>The parked record's idempotency key: stable per target, item and location, so a re-park updates it.</summary>
    internal static string ParkedKey(string target, string itemId, string locationId) => $"push:{target}:{itemId}|{locationId}";

    private async Task ParkAsync(PushTarget target, Change change, string reason, CancellationToken cancellationToken)
    {
        string item = change.Level.ItemId.Trim(), location = change.Level.LocationId.Trim();
        await _parked.ParkAsync(target.Connection, new ParkRequest(
            ParkedKind,
            target.Name,
            ParkedKey(target.Name, item, location),
            reason,
            string.Create(CultureInfo.InvariantCulture, $"item {item}, location {location}, available {change.Level.Available}, event {change.Event.Id} at {change.Event.Time:O}"),
            CloudEventJson.Serialize(change.Event)), cancellationToken).ConfigureAwait(false);
        LogParked(_logger, target.Name, item, location, reason);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push target {Target}: parked item {ItemId} at {LocationId}: {Reason}")]
    private static partial void LogParked(ILogger logger, string target, string itemId, string locationId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Push target {Target}: {Events} inventory events, {ItemsSet} set, {Parked} parked, {Stale} stale, {Conflicts} conflicts resolved, {Calls} calls")]
    private static partial void LogReport(ILogger logger, string target, int events, int itemsSet, int parked, int stale, int conflicts, int calls);

    private sealed record Change(ChangeEvent Event, InventoryLevel Level, int Order);
}
