using System.Text.Json;

using P21.Connector.Events;
using P21.Functions.Messaging;

namespace P21.Functions.Tests.Messaging;

public sealed class OutgoingMessageTests
{
    private static readonly ChangeEvent Customer = new(
        ChangeEventFactory.EventId("p21://main/customers", "customers/100", "v1"),
        "p21://main/customers",
        "p21.customer.changed",
        "customers/100",
        new DateTimeOffset(2026, 3, 10, 15, 0, 0, TimeSpan.Zero),
        JsonDocument.Parse("""{"customerId":"100","name":"Harborline"}""").RootElement.Clone());

    [Fact]
    public void ForChange_AnyEvent_MessageIdIsTheEventIdForDuplicateDetection()
    {
        var message = OutgoingMessage.ForChange(Customer);

        Assert.Equal(Customer.Id, message.MessageId);
    }

    [Fact]
    public void ForChange_AnyEvent_SubjectIsTheEventTypeAndContentTypeIsStructuredCloudEvents()
    {
        var message = OutgoingMessage.ForChange(Customer);

        Assert.Equal("p21.customer.changed", message.Subject);
        Assert.Equal("application/cloudevents+json", message.ContentType);
    }

    [Fact]
    public void ForChange_AnyEvent_BodyIsTheCloudEventAndReadsBackEqual()
    {
        var message = OutgoingMessage.ForChange(Customer);

        var back = CloudEventJson.Deserialize(message.Body.ToArray());
        Assert.Equal(Customer.Id, back.Id);
        Assert.Equal(Customer.Source, back.Source);
        Assert.Equal(Customer.Type, back.Type);
        Assert.Equal(Customer.Subject, back.Subject);
        Assert.Equal(Customer.Time, back.Time);
        Assert.Equal("Harborline", back.Data.GetProperty("name").GetString());
        using var document = JsonDocument.Parse(message.Body.ToMemory());
        Assert.Equal("1.0", document.RootElement.GetProperty("specversion").GetString());
    }

    [Fact]
    public void ForChange_SameEventTwice_SameMessage()
    {
        var first = OutgoingMessage.ForChange(Customer);
        var second = OutgoingMessage.ForChange(Customer with { });

        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal(first.Body.ToArray(), second.Body.ToArray());
    }

    [Fact]
    public void ForCommand_AnyCommand_MessageIdIsTheCommandIdAndBodyIsUnchanged()
    {
        const string Body = """{"schema":"p21.write/1","commandId":"abc"}""";

        var message = OutgoingMessage.ForCommand("abc", Body);

        Assert.Equal("abc", message.MessageId);
        Assert.Equal(OutgoingMessage.WriteCommandSubject, message.Subject);
        Assert.Equal("application/json", message.ContentType);
        Assert.Equal(Body, message.Body.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void ForCommand_BlankId_Throws(string id)
    {
        Assert.ThrowsAny<ArgumentException>(() => OutgoingMessage.ForCommand(id, "{}"));
    }
}
