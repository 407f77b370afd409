using Azure.Messaging.ServiceBus;

using Microsoft.Extensions.Options;

using P21.Connector.Events;

namespace P21.Functions.Messaging;

/// <summary>
/// Publishes change and result events to the <c>p21-changes</c> topic as CloudEvents, in as few sends as the batch size
/// allows. Each send is atomic; when one fails the caller re-publishes the whole list, and the deterministic message ids
/// let the topic's duplicate detection drop what already arrived.
/// </summary>
public sealed class ServiceBusChangeSink : IChangeSink
{
    private readonly ServiceBusSender _sender;

    /// <summary>Creates the sink on the topic named by <see cref="ServiceBusMessagingOptions.ChangesTopic"/>.</summary>
    public ServiceBusChangeSink(ServiceBusClient client, IOptions<ServiceBusMessagingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _sender = client.CreateSender(options.Value.ChangesTopic);
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">One event alone is larger than a Service Bus message may be.</exception>
    public async Task PublishAsync(IReadOnlyList<ChangeEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        var batch = await _sender.CreateMessageBatchAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var changeEvent in events)
            {
                var message = OutgoingMessage.ForChange(changeEvent);
                if (batch.TryAddMessage(message.ToServiceBusMessage()))
                {
                    continue;
                }

                if (batch.Count > 0)
                {
                    await _sender.SendMessagesAsync(batch, cancellationToken).ConfigureAwait(false);
                    batch.Dispose();
                    batch = await _sender.CreateMessageBatchAsync(cancellationToken).ConfigureAwait(false);
                    if (batch.TryAddMessage(message.ToServiceBusMessage()))
                    {
                        continue;
                    }
                }

                throw new InvalidOperationException(
                    $"Change event {changeEvent.Id} is {message.Body.ToMemory().Length} bytes, more than a message on this namespace may carry "
                    + $"({batch.MaxSizeInBytes} bytes); use a Premium namespace with a larger maximum message size or a smaller page of this entity.");
            }

            await _sender.SendMessagesAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            batch.Dispose();
        }
    }
}
