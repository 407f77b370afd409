using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

using P21.Connector.Events;

namespace P21.Connector.Push;

/// <summary>
/// The coalescing every push shares: of a batch, the events of one type from the target's connection, read as their
/// record, keeping per key only the latest by event time and then batch order (a redelivered older event loses to a
/// newer one whatever order the batch holds them in).
/// </summary>
internal static class LatestChanges
{
    /// <summary>The latest change per key, and how many events of the type the batch held.</summary>
    /// <param name="target">Whose connection the events must come from.</param>
    /// <param name="events">The batch.</param>
    /// <param name="type">The CloudEvent type kept.</param>
    /// <param name="record">How the event's data is read.</param>
    /// <param name="key">The record's key; null or empty drops the event.</param>
    public static (int Count, Dictionary<string, (ChangeEvent Event, T Record)> Latest) Of<T>(
        PushTarget target, IReadOnlyList<ChangeEvent> events, string type, JsonTypeInfo<T> record, Func<T, string?> key)
    {
        var latest = new Dictionary<string, (ChangeEvent Event, T Record, int Order)>(StringComparer.Ordinal);
        int count = 0;
        for (int order = 0; order < events.Count; order++)
        {
            ChangeEvent change = events[order];
            if (!target.Takes(change, type) || change.Data.Deserialize(record) is not { } value || key(value) is not { Length: > 0 } k)
            {
                continue;
            }

            count++;
            if (!latest.TryGetValue(k, out var kept) || (change.Time, order).CompareTo((kept.Event.Time, kept.Order)) > 0)
            {
                latest[k] = (change, value, order);
            }
        }

        return (count, latest.ToDictionary(p => p.Key, p => (p.Value.Event, p.Value.Record), StringComparer.Ordinal));
    }
}
