using System.Net;

namespace P21.Connector.Events;

/// <summary>A webhook receiver did not accept an event (non-2xx after retries); the poll's watermark stays put.</summary>
public sealed class WebhookDeliveryException : Exception
{
    /// <summary>Creates the exception for event <paramref name="eventId"/>.</summary>
    public WebhookDeliveryException(string eventId, HttpStatusCode status)
        : base($"The webhook receiver answered HTTP {(int)status} to event {eventId}; the watermark was not moved and the event will be sent again.")
    {
        EventId = eventId;
        Status = status;
    }

    /// <summary>Creates the exception.</summary>
    public WebhookDeliveryException()
    {
        EventId = "";
    }

    /// <summary>Creates the exception with a message.</summary>
    public WebhookDeliveryException(string message)
        : base(message)
    {
        EventId = "";
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public WebhookDeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
        EventId = "";
    }

    /// <summary>The event that was refused.</summary>
    public string EventId { get; }

    /// <summary>The receiver's last status.</summary>
    public HttpStatusCode Status { get; }
}
