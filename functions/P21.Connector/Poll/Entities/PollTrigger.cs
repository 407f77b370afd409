using P21.Connector.Client;
using P21.Connector.Client.Models;

namespace P21.Connector.Poll.Entities;

/// <summary>
/// A child table whose changes must re-emit the parent record (an <c>oe_line</c> change re-emits its order). The runner
/// polls <see cref="Source"/> with its own keyset position and, for each page, re-reads the parents named by
/// <see cref="ResolveParentKeysAsync"/> and maps them like a page of the primary table.
/// </summary>
public sealed class PollTrigger
{
    /// <summary>Creates a trigger whose parent key is one column of the child row.</summary>
    public PollTrigger(PollSource source, string parentKeyColumn)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(parentKeyColumn);
        Source = source;
        ResolveParentKeysAsync = (rows, _, _) => ValueTask.FromResult<IReadOnlyCollection<string>>(
            rows.Select(r => r.Id(parentKeyColumn)).OfType<string>().Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>Creates a trigger with a custom resolver (when the parent is found through another table).</summary>
    public PollTrigger(PollSource source, Func<IReadOnlyList<P21Row>, RowLookup, CancellationToken, ValueTask<IReadOnlyCollection<string>>> resolveParentKeys)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(resolveParentKeys);
        Source = source;
        ResolveParentKeysAsync = resolveParentKeys;
    }

    /// <summary>The child table.</summary>
    public PollSource Source { get; }

    /// <summary>Maps a page of child rows to the keys of the parents to re-emit.</summary>
    public Func<IReadOnlyList<P21Row>, RowLookup, CancellationToken, ValueTask<IReadOnlyCollection<string>>> ResolveParentKeysAsync { get; }
}
