namespace P21.Connector.Queues;

/// <summary>
/// The consuming side of a command queue, with Service Bus peek-lock semantics: a received message stays locked
/// until completed, abandoned (redelivered, delivery count + 1) or dead-lettered; an expired lock is an abandon.
/// </summary>
public interface ICommandQueueReceiver
{
    /// <summary>Receives and locks the next visible message; null when none is visible now.</summary>
    Task<QueuedMessage?> ReceiveAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes the message for good.</summary>
    /// <exception cref="MessageLockLostException">The lock expired or the message was settled already.</exception>
    Task CompleteAsync(QueuedMessage message, CancellationToken cancellationToken = default);

    /// <summary>Releases the lock for redelivery; past the max delivery count the message is dead-lettered instead.</summary>
    /// <exception cref="MessageLockLostException">The lock expired or the message was settled already.</exception>
    Task AbandonAsync(QueuedMessage message, CancellationToken cancellationToken = default);

    /// <summary>Moves the message to the dead-letter queue with <paramref name="reason"/>.</summary>
    /// <exception cref="MessageLockLostException">The lock expired or the message was settled already.</exception>
    Task DeadLetterAsync(QueuedMessage message, string reason, CancellationToken cancellationToken = default);
}
