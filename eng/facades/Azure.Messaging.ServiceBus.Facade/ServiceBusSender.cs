// Mirrors Azure/azure-sdk-for-net sdk/servicebus/Azure.Messaging.ServiceBus/src/Sender/ServiceBusSender.cs
namespace Azure.Messaging.ServiceBus;

/// <summary>Sends messages to one queue or topic.</summary>
public class ServiceBusSender : IAsyncDisposable
{
    /// <summary>For mocking.</summary>
    protected ServiceBusSender()
    {
    }

    /// <summary>Sends one message.</summary>
    public virtual Task SendMessageAsync(ServiceBusMessage message, CancellationToken cancellationToken = default) => throw null!;

    /// <summary>Creates a batch sized to the entity's maximum message size.</summary>
    public virtual ValueTask<ServiceBusMessageBatch> CreateMessageBatchAsync(CancellationToken cancellationToken = default) => throw null!;

    /// <summary>Sends a batch; all of its messages are sent or none.</summary>
    public virtual Task SendMessagesAsync(ServiceBusMessageBatch messageBatch, CancellationToken cancellationToken = default) => throw null!;

    /// <summary>Sends the messages in one batch; throws when they do not fit one batch.</summary>
    public virtual Task SendMessagesAsync(IEnumerable<ServiceBusMessage> messages, CancellationToken cancellationToken = default) => throw null!;

    /// <summary>Closes the sender.</summary>
    public virtual ValueTask DisposeAsync() => throw null!;
}
