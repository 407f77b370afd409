using P21.Connector.Commands;

namespace P21.Connector.Intake;

/// <summary>The last accepted storefront orders, newest first (for <c>p21 orders dry-run --last N</c>).</summary>
/// <remarks>
/// A diagnostic aid, not a store of record: the order itself travels on the write queue. With Table Storage the
/// list is shared by every process on the same account (the app records, the CLI reads); in <c>memory</c> mode it
/// lives only in the process that accepted the orders.
/// </remarks>
public interface IRecentOrders
{
    /// <summary>Remembers an accepted order command.</summary>
    Task AddAsync(WriteCommand command, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="count"/> of the most recent orders, newest first.</summary>
    Task<IReadOnlyList<WriteCommand>> LatestAsync(int count, CancellationToken cancellationToken);
}
