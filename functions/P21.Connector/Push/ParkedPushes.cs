using P21.Connector.Events;
using P21.Connector.Storage;

namespace P21.Connector.Push;

/// <summary>
/// Replays parked pushes (kinds <c>push-inventory</c>, <c>push-shipment</c>, <c>push-order-status</c>): once the cause is
/// fixed (the SKU created on the store, the location mapped, the order restored), the record's CloudEvent is pushed
/// again to its target (the record's source) by the service of its kind. A stock change that a newer one has overtaken
/// meanwhile is not pushed (the store already has the newer value) and the record is done all the same; a push the
/// store refuses again re-parks the same record with the new reason.
/// </summary>
public sealed class ParkedPushes
{
    private readonly IParkedRecordStore _store;
    private readonly InventoryPush _inventory;
    private readonly ShipmentPush _shipments;
    private readonly OrderStatusPush _orderStatus;

    /// <summary>Creates the service.</summary>
    public ParkedPushes(IParkedRecordStore store, InventoryPush inventory, ShipmentPush shipments, OrderStatusPush orderStatus)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(shipments);
        ArgumentNullException.ThrowIfNull(orderStatus);
        _store = store;
        _inventory = inventory;
        _shipments = shipments;
        _orderStatus = orderStatus;
    }

    /// <summary>Whether records of <paramref name="kind"/> are replayed here rather than through the writer.</summary>
    public static bool Handles(string? kind) => kind is InventoryPush.ParkedKind or ShipmentPush.ParkedKind or OrderStatusPush.ParkedKind;

    /// <summary>Pushes the record's change again; marks it replayed when nothing was parked.</summary>
    /// <exception cref="PushTransientException">The store kept failing; the record stays parked, try again later.</exception>
    /// <exception cref="PushCredentialException">The target's secret is missing or refused (the message names it).</exception>
    public async Task<PushReplayResult> ReplayAsync(string connection, string id, CancellationToken cancellationToken = default)
    {
        ParkedRecord? record = await _store.GetAsync(connection, id, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return new PushReplayResult(null, null, $"no parked record {id} on connection {connection}");
        }

        if (record.Status != ParkedStatus.Parked)
        {
            return new PushReplayResult(record, null, $"record {id} is {record.Status}, not Parked");
        }

        if (!Handles(record.Kind))
        {
            return new PushReplayResult(record, null, $"record {id} is a {record.Kind} record, not a parked push");
        }

        ChangeEvent change;
        try
        {
            change = CloudEventJson.Deserialize(record.Payload ?? "");
        }
        catch (FormatException ex)
        {
            return new PushReplayResult(record, null, $"the payload is not a CloudEvent ({ex.Message}); fix it first");
        }

        PushReport report;
        try
        {
            report = record.Kind switch
            {
                ShipmentPush.ParkedKind => await _shipments.PushAsync(record.Source, [change], cancellationToken).ConfigureAwait(false),
                OrderStatusPush.ParkedKind => await _orderStatus.PushAsync(record.Source, [change], cancellationToken).ConfigureAwait(false),
                _ => await _inventory.PushAsync(record.Source, [change], cancellationToken).ConfigureAwait(false),
            };
        }
        catch (ArgumentException ex)
        {
            // The target was renamed or removed since: the record cannot be pushed anywhere as it stands.
            return new PushReplayResult(record, null, ex.Message);
        }

        record = report.Parked == 0
            ? await _store.MarkReplayedAsync(connection, id, cancellationToken).ConfigureAwait(false) ?? record
            : await _store.GetAsync(connection, id, cancellationToken).ConfigureAwait(false) ?? record;
        return new PushReplayResult(record, report, null);
    }
}

/// <summary>What <see cref="ParkedPushes.ReplayAsync"/> did.</summary>
/// <param name="Record">The record as it is now (null when there is none).</param>
/// <param name="Report">The push run; null when the record could not be pushed (see <paramref name="Error"/>).</param>
/// <param name="Error">Why nothing was pushed, in words an operator can act on.</param>
public sealed record PushReplayResult(ParkedRecord? Record, PushReport? Report, string? Error)
{
    /// <summary>True when the store has the change (or a newer one) and the record is replayed.</summary>
    public bool Succeeded => Report is { Parked: 0 };
}
