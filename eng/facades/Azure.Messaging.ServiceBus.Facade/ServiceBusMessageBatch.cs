// Mirrors Azure/azure-sdk-for-net sdk/servicebus/Azure.Messaging.ServiceBus/src/Sender/ServiceBusMessageBatch.cs
// (sealed with an internal constructor in the real source: only ServiceBusSender.CreateMessageBatchAsync makes one).
namespace Azure.Messaging.ServiceBus;

/// <summary>A size-limited set of messages sent to a queue or topic as one operation.</summary>
public sealed class ServiceBusMessageBatch : IDisposable
{
    internal ServiceBusMessageBatch()
    {
    }

    /// <summary>The largest size the batch may reach, in bytes.</summary>
    public long MaxSizeInBytes => throw null!;

    /// <summary>The size of the batch as it will be sent, in bytes.</summary>
    public long SizeInBytes => throw null!;

    /// <summary>How many messages the batch holds.</summary>
    public int Count => throw null!;

    /// <summary>Adds <paramref name="message"/> when it fits; false when it would exceed <see cref="MaxSizeInBytes"/>.</summary>
    public bool TryAddMessage(ServiceBusMessage message) => throw null!;

    /// <summary>Releases the batch.</summary>
    public void Dispose() => throw null!;
}
