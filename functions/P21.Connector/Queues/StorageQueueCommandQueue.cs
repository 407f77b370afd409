using System.Text;
using System.Text.Json;

using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

using P21.Connector.Commands;

namespace P21.Connector.Queues;

/// <summary>
/// <see cref="ICommandQueue"/> over an Azure Storage queue, for deployments and local runs without Service Bus.
/// The lock is the visibility timeout, the delivery count is the dequeue count, and the dead-letter queue is
/// <c>{queue}-poison</c> (the Functions convention).
/// </summary>
/// <remarks>
/// Differences from Service Bus, by the service's nature: no duplicate detection (the idempotency ledger still
/// drops repeats), and messages are limited to 64 KiB (48 KiB of UTF-8 before base64), so very large commands
/// need Service Bus.
/// </remarks>
public sealed class StorageQueueCommandQueue : ICommandQueue, ICommandQueueReceiver
{
    /// <summary>Largest envelope, in UTF-8 bytes, that still fits a 64 KiB message once base64-encoded.</summary>
    public const int MaxEnvelopeBytes = 48 * 1024;

    private readonly QueueClient _queue;
    private readonly QueueClient _deadLetterQueue;
    private readonly CommandQueueOptions _options;
    private readonly Lazy<Task> _created;

    /// <summary>Creates the queue over <paramref name="queue"/>, dead-lettering to <paramref name="deadLetterQueue"/>.</summary>
    /// <remarks>Both clients should use <see cref="QueueMessageEncoding.Base64"/>, as the Functions queue trigger expects.</remarks>
    public StorageQueueCommandQueue(QueueClient queue, QueueClient deadLetterQueue)
        : this(queue, deadLetterQueue, new CommandQueueOptions())
    {
    }

    /// <summary>Creates the queue with the given delivery settings.</summary>
    public StorageQueueCommandQueue(QueueClient queue, QueueClient deadLetterQueue, CommandQueueOptions options)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(deadLetterQueue);
        ArgumentNullException.ThrowIfNull(options);
        _queue = queue;
        _deadLetterQueue = deadLetterQueue;
        _options = options;
        _created = new Lazy<Task>(() => Task.WhenAll(
            _queue.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None),
            _deadLetterQueue.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None)));
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The command is larger than a Storage queue message can hold.</exception>
    public async Task EnqueueAsync(string messageId, string body, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentNullException.ThrowIfNull(body);
        byte[] envelope = JsonSerializer.SerializeToUtf8Bytes(new QueueEnvelope(messageId, body), QueuesJsonContext.Default.QueueEnvelope);
        if (envelope.Length > MaxEnvelopeBytes)
        {
            throw new ArgumentException(
                $"Command '{messageId}' is {envelope.Length} bytes; a Storage queue message holds at most {MaxEnvelopeBytes}. Use the Service Bus queue for commands this large.",
                nameof(body));
        }

        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await _queue.SendMessageAsync(new BinaryData(envelope), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<QueuedMessage?> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var response = await _queue.ReceiveMessageAsync(_options.LockDuration, cancellationToken).ConfigureAwait(false);
            if (response.Value is not { } received)
            {
                return null;
            }

            var envelope = TryRead(received);
            var message = new QueuedMessage(
                envelope?.MessageId ?? received.MessageId,
                envelope?.Body ?? received.Body.ToString(),
                (int)received.DequeueCount,
                received.InsertedOn ?? default,
                LockToken(received.MessageId, received.PopReceipt),
                received.NextVisibleOn ?? default);

            // Past the max count a crashed receiver never settled it: poison it, as Service Bus would.
            if (received.DequeueCount > _options.MaxDeliveryCount)
            {
                await DeadLetterAsync(message, InMemoryCommandQueue.MaxDeliveryCountExceeded, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (envelope is null)
            {
                await DeadLetterAsync(message, "The message is not a connector command envelope (JSON with messageId and body).", cancellationToken).ConfigureAwait(false);
                continue;
            }

            return message;
        }
    }

    /// <inheritdoc />
    public async Task CompleteAsync(QueuedMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var (id, popReceipt) = ParseLockToken(message);
        try
        {
            await _queue.DeleteMessageAsync(id, popReceipt, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 400)
        {
            throw new MessageLockLostException($"Message '{message.MessageId}' is no longer locked by this receiver (its visibility timeout expired or it was settled).", ex);
        }
    }

    /// <inheritdoc />
    public async Task AbandonAsync(QueuedMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.DeliveryCount >= _options.MaxDeliveryCount)
        {
            await DeadLetterAsync(message, InMemoryCommandQueue.MaxDeliveryCountExceeded, cancellationToken).ConfigureAwait(false);
            return;
        }

        var (id, popReceipt) = ParseLockToken(message);
        try
        {
            await _queue.UpdateMessageAsync(id, popReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 400)
        {
            throw new MessageLockLostException($"Message '{message.MessageId}' is no longer locked by this receiver.", ex);
        }
    }

    /// <inheritdoc />
    public async Task DeadLetterAsync(QueuedMessage message, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        var envelope = JsonSerializer.SerializeToUtf8Bytes(new QueueEnvelope(message.MessageId, message.Body, reason), QueuesJsonContext.Default.QueueEnvelope);
        // Delete first: if the lock is lost, another receiver owns the message and nothing may be copied.
        await CompleteAsync(message, cancellationToken).ConfigureAwait(false);
        await _deadLetterQueue.SendMessageAsync(new BinaryData(envelope), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads up to 32 dead letters without removing them.</summary>
    public async Task<IReadOnlyList<QueuedMessage>> PeekDeadLettersAsync(CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var peeked = await _deadLetterQueue.PeekMessagesAsync(32, cancellationToken).ConfigureAwait(false);
        return [.. peeked.Value.Select(message =>
        {
            var envelope = TryRead(message.Body);
            return new QueuedMessage(
                envelope?.MessageId ?? message.MessageId,
                envelope?.Body ?? message.Body.ToString(),
                (int)message.DequeueCount,
                message.InsertedOn ?? default,
                "",
                default,
                envelope?.DeadLetterReason);
        })];
    }

    private static QueueEnvelope? TryRead(QueueMessage message) => TryRead(message.Body);

    private static QueueEnvelope? TryRead(BinaryData body)
    {
        try
        {
            var envelope = JsonSerializer.Deserialize(body.ToMemory().Span, QueuesJsonContext.Default.QueueEnvelope);
            return envelope is { MessageId: { Length: > 0 }, Body: not null } ? envelope : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string LockToken(string id, string popReceipt) => $"{id}\n{popReceipt}";

    private static (string Id, string PopReceipt) ParseLockToken(QueuedMessage message)
    {
        int split = message.LockToken.IndexOf('\n', StringComparison.Ordinal);
        if (split <= 0)
        {
            throw new MessageLockLostException($"Message '{message.MessageId}' carries no Storage queue lock token; settle only messages this queue returned.");
        }

        return (message.LockToken[..split], message.LockToken[(split + 1)..]);
    }

    private async Task EnsureCreatedAsync(CancellationToken cancellationToken) =>
        await _created.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
}
