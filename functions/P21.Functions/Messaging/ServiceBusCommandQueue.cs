using Azure.Messaging.ServiceBus;

using P21.Connector.Commands;

namespace P21.Functions.Messaging;

/// <summary>
/// Enqueues intake's write commands on the <c>p21-writes</c> queue. The message id is the command id, so a webhook
/// retried within the queue's duplicate-detection window is dropped by Service Bus before the writer sees it.
/// </summary>
public sealed class ServiceBusCommandQueue : ICommandQueue
{
    private readonly ServiceBusSender _sender;

    /// <summary>Creates the queue client on <see cref="ServiceBusMessagingOptions.WritesQueue"/>.</summary>
    public ServiceBusCommandQueue(ServiceBusClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _sender = client.CreateSender(ServiceBusMessagingOptions.WritesQueue);
    }

    /// <inheritdoc />
    public Task EnqueueAsync(string messageId, string body, CancellationToken cancellationToken = default) =>
        _sender.SendMessageAsync(OutgoingMessage.ForCommand(messageId, body).ToServiceBusMessage(), cancellationToken);
}
