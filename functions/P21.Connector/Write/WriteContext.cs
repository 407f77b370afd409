using P21.Connector.Client;
using P21.Connector.Commands;

namespace P21.Connector.Write;

/// <summary>What a handler knows about the delivery it is writing (MassTransit's ConsumeContext, narrowed).</summary>
/// <param name="Command">The command.</param>
/// <param name="Client">The P21 client of the command's connection (bounded write concurrency lives there).</param>
/// <param name="ServerUtcOffset">The P21 server's UTC offset; order dates are the server's local dates.</param>
/// <param name="DeliveryCount">1 on the first delivery, higher on redeliveries.</param>
/// <param name="IsReplay">True when an operator replays a parked record.</param>
public sealed record WriteContext(
    WriteCommand Command,
    P21Client Client,
    TimeSpan ServerUtcOffset,
    int DeliveryCount,
    bool IsReplay)
{
    /// <summary>
    /// What the handler changed from the command on its way into P21 (an address line cut to P21's width, a zero-quantity
    /// line skipped): reported on the result, never silent.
    /// </summary>
    public List<string> Notices { get; } = [];

    /// <summary>The P21 items the handler matched SKUs to (<see cref="ItemMatcher"/>): forgotten from the cache if P21 refuses the write.</summary>
    internal List<string> MatchedItemIds { get; } = [];

    /// <summary>The command's connection name.</summary>
    public string Connection => Command.Connection;

    /// <summary>The local date on the P21 server of <paramref name="instant"/>.</summary>
    public DateOnly ServerDate(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(ServerUtcOffset).DateTime);
}
