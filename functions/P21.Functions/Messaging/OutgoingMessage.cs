using P21.Connector.Events;

namespace P21.Functions.Messaging;

/// <summary>
/// What goes on Service Bus, decided before any SDK type is touched so the mapping can be tested on its own:
/// the message id feeds duplicate detection, the subject lets subscriptions filter without reading the body.
/// </summary>
/// <param name="MessageId">Deterministic id: the event id or the command id.</param>
/// <param name="Subject">The event type (<c>p21.customer.changed</c>) or the write command kind.</param>
/// <param name="ContentType">The body's media type.</param>
/// <param name="Body">The body bytes.</param>
public sealed record OutgoingMessage(string MessageId, string Subject, string ContentType, BinaryData Body)
{
    /// <summary>The subject of write commands on the <c>p21-writes</c> queue.</summary>
    public const string WriteCommandSubject = "p21.write";

    /// <summary>A change event as a structured-mode CloudEvent; the message id is the event id.</summary>
    public static OutgoingMessage ForChange(ChangeEvent changeEvent)
    {
        ArgumentNullException.ThrowIfNull(changeEvent);
        return new OutgoingMessage(
            changeEvent.Id,
            changeEvent.Type,
            CloudEventJson.MediaType,
            BinaryData.FromBytes(CloudEventJson.SerializeToUtf8Bytes(changeEvent)));
    }

    /// <summary>A serialized write command; the message id is the command id.</summary>
    public static OutgoingMessage ForCommand(string commandId, string body)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commandId);
        ArgumentNullException.ThrowIfNull(body);
        return new OutgoingMessage(commandId, WriteCommandSubject, "application/json", BinaryData.FromString(body));
    }
}
