using Azure.Messaging.ServiceBus;

namespace P21.Functions.Messaging;

/// <summary>Turns an <see cref="OutgoingMessage"/> into the SDK's message type.</summary>
internal static class ServiceBusMessageMapping
{
    public static ServiceBusMessage ToServiceBusMessage(this OutgoingMessage message) => new(message.Body)
    {
        MessageId = message.MessageId,
        Subject = message.Subject,
        ContentType = message.ContentType,
    };
}
