using Azure.Storage.Queues;

namespace P21.Connector.Events;

/// <summary>
/// Sends each event as one Azure Storage queue message: the structured CloudEvent JSON, base64-encoded (the encoding the
/// Functions queue trigger expects). Storage queues have no duplicate detection; consumers dedupe on the event id.
/// </summary>
public sealed class StorageQueueChangeSink : IChangeSink
{
    /// <summary>Storage queue messages hold 64 KiB; base64 takes 4 bytes per 3.</summary>
    public const int MaxEventBytes = 48 * 1024;

    private readonly QueueClient _queue;

    /// <summary>Sends to <paramref name="queue"/>; the client must use <see cref="QueueMessageEncoding.Base64"/>.</summary>
    /// <exception cref="ArgumentException">The client does not base64-encode messages.</exception>
    public StorageQueueChangeSink(QueueClient queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        _queue = queue;
    }

    /// <summary>Creates a base64-encoding queue client for <paramref name="queueName"/>.</summary>
    public static QueueClient CreateQueueClient(string connectionString, string queueName)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentException.ThrowIfNullOrEmpty(queueName);
        return new QueueClient(connectionString, queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">An event is larger than a queue message can hold; the watermark does not move.</exception>
    public async Task PublishAsync(IReadOnlyList<ChangeEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var changeEvent in events)
        {
            var body = CloudEventJson.SerializeToUtf8Bytes(changeEvent);
            if (body.Length > MaxEventBytes)
            {
                throw new InvalidOperationException(
                    $"Event {changeEvent.Id} ({changeEvent.Type}, subject {changeEvent.Subject}) is {body.Length} bytes; a storage queue message holds {MaxEventBytes}. Use the Service Bus or webhook sink for this entity.");
            }

            await _queue.SendMessageAsync(new BinaryData(body), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
