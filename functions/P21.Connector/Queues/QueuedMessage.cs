namespace P21.Connector.Queues;

/// <summary>A received command message, locked for this receiver until <see cref="LockedUntilUtc"/>.</summary>
/// <param name="MessageId">The sender's message id (the command id).</param>
/// <param name="Body">The serialized command.</param>
/// <param name="DeliveryCount">How many times it has been delivered, this delivery included (first = 1).</param>
/// <param name="EnqueuedUtc">When it was enqueued.</param>
/// <param name="LockToken">Identifies this delivery; settle the message with it before the lock expires.</param>
/// <param name="LockedUntilUtc">When the message becomes visible to other receivers again.</param>
/// <param name="DeadLetterReason">Why it was dead-lettered (only on dead letters).</param>
public sealed record QueuedMessage(
    string MessageId,
    string Body,
    int DeliveryCount,
    DateTimeOffset EnqueuedUtc,
    string LockToken,
    DateTimeOffset LockedUntilUtc,
    string? DeadLetterReason = null);
