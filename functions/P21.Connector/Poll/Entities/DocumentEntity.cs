using P21.Connector.Client;
using P21.Connector.Client.Models;

namespace P21.Connector.Poll.Entities;

/// <summary>
/// A header table with a line table joined on the header key (orders, purchase orders, pick tickets, invoices). Lines are
/// read per page of headers in <c>or</c>-chained batches; the line table is also polled, so a line change re-emits its header.
/// </summary>
public abstract class DocumentEntity : PollEntity
{
    /// <summary>The line table, e.g. <c>oe_line</c>.</summary>
    protected abstract string LineTable { get; }

    /// <summary>Columns that, with the header key, identify a line (keyset order of the line table).</summary>
    protected abstract IReadOnlyList<string> LineKeyColumns { get; }

    /// <summary>Line columns to read (must include the header key column).</summary>
    protected abstract IReadOnlyList<string> LineSelect { get; }

    /// <summary>An extra filter for live lines, or null when the line table has no soft-delete column.</summary>
    protected virtual string? LiveLineFilter => null;

    /// <inheritdoc />
    public override IReadOnlyList<PollTrigger> Triggers =>
    [
        new(new PollSource(LineTable, [ParentKeyColumn, .. LineKeyColumns], [ParentKeyColumn, .. LineKeyColumns, "date_last_modified"]), ParentKeyColumn),
    ];

    /// <summary>Maps a header and its lines; returns the record key and the record built by <see cref="PollEntity.Record"/>.</summary>
    protected abstract EntityRecord? Map(P21Row header, IReadOnlyList<P21Row> lines);

    /// <inheritdoc />
    public override async ValueTask<IReadOnlyList<EntityRecord>> MapAsync(IReadOnlyList<P21Row> rows, RowLookup lookup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(lookup);
        var keys = rows.Select(r => r.Id(ParentKeyColumn)).OfType<string>().ToList();
        if (keys.Count == 0)
        {
            return [];
        }

        var lines = ByParent(
            await lookup.ByKeysAsync(LineTable, ParentKeyColumn, keys, ParentKeyNumeric, LineSelect, LiveLineFilter, cancellationToken).ConfigureAwait(false),
            ParentKeyColumn);
        var records = new List<EntityRecord>(rows.Count);
        foreach (var row in rows)
        {
            var key = row.Id(ParentKeyColumn);
            if (key is not null && Map(row, [.. lines[key]]) is { } record)
            {
                records.Add(record);
            }
        }

        return records;
    }

    /// <summary>Line number as an int (P21 stores them as decimals).</summary>
    protected static int LineNumber(P21Row row, string column) => (int)(row.Whole(column) ?? 0);
}
