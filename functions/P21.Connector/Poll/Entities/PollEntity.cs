using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

using P21.Connector.Client;
using P21.Connector.Client.Models;

namespace P21.Connector.Poll.Entities;

/// <summary>
/// What the poller needs to know about one entity: where it lives, which child tables re-emit it, and how P21 rows become
/// canonical records. One small subclass per entity, registered in <see cref="PollEntityCatalogue"/>.
/// </summary>
public abstract class PollEntity
{
    /// <summary>The catalogue name, e.g. <c>sales-orders</c> (also the watermark and fingerprint entity name).</summary>
    public abstract string Name { get; }

    /// <summary>Singular name used in event types, e.g. <c>salesorder</c> in <c>p21.salesorder.changed</c>.</summary>
    public abstract string EventName { get; }

    /// <summary>The primary table.</summary>
    public abstract PollSource Primary { get; }

    /// <summary>The primary table's key column used to re-read parents by key (single-column keys only).</summary>
    public virtual string ParentKeyColumn => Primary.KeyColumns[^1];

    /// <summary>Whether <see cref="ParentKeyColumn"/> is numeric in OData (literals unquoted).</summary>
    public virtual bool ParentKeyNumeric => true;

    /// <summary>Child tables whose changes re-emit the parent.</summary>
    public virtual IReadOnlyList<PollTrigger> Triggers => [];

    /// <summary>Every table the incremental mode polls: the primary table, then each trigger table.</summary>
    public IEnumerable<PollSource> Streams => Triggers.Select(t => t.Source).Prepend(Primary);

    /// <summary>
    /// The es view asked before the streams on an incremental run (one request instead of one per stream when nothing
    /// changed), or null when no view covers every stream (<see cref="ChangeProbe.CoversAll"/>).
    /// </summary>
    public virtual ChangeProbe? ChangeProbe => null;

    /// <summary>Primary-table columns the record key is built from (the key scan selects only these).</summary>
    public virtual IReadOnlyList<string> RecordKeyColumns => [ParentKeyColumn];

    /// <summary>The record key (event subject) of a primary row, or null when the row has none.</summary>
    public virtual string? RecordKeyOf(P21Row row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.Id(ParentKeyColumn);
    }

    /// <summary>
    /// Which of <paramref name="keys"/> still have a primary row, soft-deleted or not (the key scan's check before it
    /// declares a record hard-deleted). Reads by key in <c>or</c>-chained batches.
    /// </summary>
    public virtual async ValueTask<IReadOnlySet<string>> ExistingKeysAsync(IReadOnlyCollection<string> keys, RowLookup lookup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(lookup);
        var wanted = keys.Where(k => !ParentKeyNumeric || decimal.TryParse(k, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out _)).ToList();
        if (wanted.Count == 0)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }

        var rows = await lookup.ByKeysAsync(Primary.Table, ParentKeyColumn, wanted, ParentKeyNumeric, RecordKeyColumns, Primary.Filter, cancellationToken).ConfigureAwait(false);
        return rows.Select(RecordKeyOf).OfType<string>().ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Maps a page of primary rows (with their children, read through <paramref name="lookup"/>) to records.</summary>
    public abstract ValueTask<IReadOnlyList<EntityRecord>> MapAsync(IReadOnlyList<P21Row> rows, RowLookup lookup, CancellationToken cancellationToken);

    /// <summary>Builds an <see cref="EntityRecord"/> from a mapped record and the rows it came from.</summary>
    protected static EntityRecord Record<T>(string key, T record, JsonTypeInfo<T> typeInfo, P21Row row, IEnumerable<P21Row>? children = null)
    {
        ArgumentNullException.ThrowIfNull(row);
        var modified = row.ModifiedUtc();
        foreach (var child in children ?? [])
        {
            if (child.ModifiedUtc() is { } childModified && (modified is null || childModified > modified))
            {
                modified = childModified;
            }
        }

        return new EntityRecord(key, JsonSerializer.SerializeToUtf8Bytes(record, typeInfo), row.IsSoftDeleted(), modified);
    }

    /// <summary>Groups child rows by a parent column (ids normalised like <see cref="P21RowReading.Id"/>).</summary>
    protected static ILookup<string, P21Row> ByParent(IEnumerable<P21Row> rows, string column) =>
        rows.Where(r => r.Id(column) is not null).ToLookup(r => r.Id(column)!, StringComparer.Ordinal);
}
