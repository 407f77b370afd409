// Mirrors Azure/azure-sdk-for-net sdk/servicebus/Azure.Messaging.ServiceBus/src/Primitives/ServiceBusMessage.cs
namespace Azure.Messaging.ServiceBus;

/// <summary>A message to send.</summary>
public class ServiceBusMessage
{
    /// <summary>A message with an empty body.</summary>
    public ServiceBusMessage() => throw null!;

    /// <summary>A message whose body is the UTF-8 encoding of <paramref name="body"/>.</summary>
    public ServiceBusMessage(string body) => throw null!;

    /// <summary>A message with the given body.</summary>
    public ServiceBusMessage(BinaryData body) => throw null!;

    /// <summary>The body.</summary>
    public BinaryData Body { get => throw null!; set => throw null!; }

    /// <summary>Identifier used by duplicate detection.</summary>
    public string MessageId { get => throw null!; set => throw null!; }

    /// <summary>MIME type of the body.</summary>
    public string ContentType { get => throw null!; set => throw null!; }

    /// <summary>Application-specific label.</summary>
    public string Subject { get => throw null!; set => throw null!; }

    /// <summary>Application-defined properties.</summary>
    public IDictionary<string, object> ApplicationProperties => throw null!;
}
