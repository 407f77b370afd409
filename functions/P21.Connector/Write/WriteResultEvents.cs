using System.Text.Json;

using P21.Connector.Events;

namespace P21.Connector.Write;

/// <summary>The body of a <c>p21.write.committed</c> event: which command landed in P21 under which key.</summary>
/// <param name="CommandId">The command id answered by intake (202).</param>
/// <param name="Kind">The command kind, e.g. <c>SalesOrderCreate</c>.</param>
/// <param name="Source">The platform that sent it.</param>
/// <param name="ExternalId">The platform's id (order number, settlement id…).</param>
/// <param name="Connection">The P21 connection written to.</param>
/// <param name="P21Key">The P21 key (order_no, customer_id, po_no, GL transaction number).</param>
/// <param name="Notices">What the write changed from the command, one line each (a cut address line, a skipped zero line).</param>
public sealed record WriteCommittedData(string CommandId, string Kind, string Source, string ExternalId, string Connection, string P21Key, IReadOnlyList<string>? Notices = null);

/// <summary>The body of a <c>p21.write.parked</c> event: which command waits for a fix, and why.</summary>
/// <param name="CommandId">The command id answered by intake (202).</param>
/// <param name="Kind">The command kind.</param>
/// <param name="Source">The platform that sent it.</param>
/// <param name="ExternalId">The platform's id.</param>
/// <param name="Connection">The P21 connection.</param>
/// <param name="Reason">Why it was parked (one line, no customer data beyond ids).</param>
/// <param name="ParkedRecordId">The parked record to show, fix and replay.</param>
public sealed record WriteParkedData(string CommandId, string Kind, string Source, string ExternalId, string Connection, string Reason, string ParkedRecordId);

/// <summary>Builds the result events the storefront subscribes to. Ids are deterministic so repeats are dropped downstream.</summary>
public static class WriteResultEvents
{
    /// <summary>CloudEvents type of a committed write.</summary>
    public const string CommittedType = "p21.write.committed";

    /// <summary>CloudEvents type of a parked write.</summary>
    public const string ParkedType = "p21.write.parked";

    /// <summary>The event announcing that <paramref name="data"/>'s command is in P21.</summary>
    /// <param name="source">The CloudEvents source (<see cref="WriterOptions.EventSource"/>).</param>
    /// <param name="idempotencyKey">The command's idempotency key; the event id derives from it (one commit per key).</param>
    /// <param name="data">The body.</param>
    /// <param name="time">When the commit happened.</param>
    public static ChangeEvent Committed(string source, string idempotencyKey, WriteCommittedData data, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new ChangeEvent(
            $"{CommittedType}:{idempotencyKey}",
            source,
            CommittedType,
            $"{data.Connection}/{data.Kind}/{data.ExternalId}",
            time,
            JsonSerializer.SerializeToElement(data, WriteJsonContext.Default.WriteCommittedData));
    }

    /// <summary>The event announcing that <paramref name="data"/>'s command is parked.</summary>
    /// <param name="source">The CloudEvents source.</param>
    /// <param name="idempotencyKey">The command's idempotency key.</param>
    /// <param name="attempt">Which park of this key this is (a replay that fails again announces itself again).</param>
    /// <param name="data">The body.</param>
    /// <param name="time">When it was parked.</param>
    public static ChangeEvent Parked(string source, string idempotencyKey, int attempt, WriteParkedData data, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new ChangeEvent(
            $"{ParkedType}:{idempotencyKey}:{attempt}",
            source,
            ParkedType,
            $"{data.Connection}/{data.Kind}/{data.ExternalId}",
            time,
            JsonSerializer.SerializeToElement(data, WriteJsonContext.Default.WriteParkedData));
    }
}
