// Stand-in, same public shape as Azure/azure-functions-dotnet-worker
// extensions/Worker.Extensions.ServiceBus/src/ServiceBusTriggerAttribute.cs at tag servicebus-extension-5.24.0,
// without its [InputConverter(typeof(ServiceBusReceivedMessageConverter))] and [ConverterFallbackBehavior] (see the .csproj).
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker;

/// <summary>Triggers the function on messages of a queue, or of a subscription of a topic.</summary>
public sealed class ServiceBusTriggerAttribute : TriggerBindingAttribute, ISupportCardinality
{
    private bool _isBatched;

    /// <summary>Listens to the queue <paramref name="queueName"/>.</summary>
    public ServiceBusTriggerAttribute(string queueName) => QueueName = queueName;

    /// <summary>Listens to the subscription <paramref name="subscriptionName"/> of the topic <paramref name="topicName"/>.</summary>
    public ServiceBusTriggerAttribute(string topicName, string subscriptionName)
    {
        TopicName = topicName;
        SubscriptionName = subscriptionName;
    }

    /// <summary>The app setting (or setting prefix, for identity connections) naming the namespace.</summary>
    public string? Connection { get; set; }

    /// <summary>The queue listened to; null for a topic subscription.</summary>
    public string? QueueName { get; }

    /// <summary>The topic listened to; null for a queue.</summary>
    public string? TopicName { get; }

    /// <summary>The subscription of <see cref="TopicName"/> listened to; null for a queue.</summary>
    public string? SubscriptionName { get; }

    /// <summary>Whether the entity is session-enabled.</summary>
    public bool IsSessionsEnabled { get; set; }

    /// <summary>Whether the function receives a batch of messages (cardinality "many"); false by default.</summary>
    [DefaultValue(false)]
    public bool IsBatched
    {
        get => _isBatched;
        set => _isBatched = value;
    }

    /// <summary>Whether the host completes the message after a successful run; unset, host.json decides.</summary>
    public bool AutoCompleteMessages { get; set; }

    Cardinality ISupportCardinality.Cardinality
    {
        get => _isBatched ? Cardinality.Many : Cardinality.One;
        set => _isBatched = value == Cardinality.Many;
    }
}
