// Mirrors Azure/azure-functions-dotnet-worker extensions/Worker.Extensions.ServiceBus/src/ServiceBusTriggerAttribute.cs
// (the real type also implements ISupportCardinality explicitly and carries converter attributes, which only the worker reads).
using System.ComponentModel;

using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker;

/// <summary>Triggers the function on a queue message or a topic subscription message.</summary>
public sealed class ServiceBusTriggerAttribute : TriggerBindingAttribute
{
    /// <summary>Binds to a queue.</summary>
    public ServiceBusTriggerAttribute(string queueName) => QueueName = queueName;

    /// <summary>Binds to a subscription of a topic.</summary>
    public ServiceBusTriggerAttribute(string topicName, string subscriptionName)
    {
        TopicName = topicName;
        SubscriptionName = subscriptionName;
    }

    /// <summary>App-setting name (or prefix, for identity connections) of the connection.</summary>
    public string? Connection { get; set; }

    /// <summary>The queue; null for a topic subscription.</summary>
    public string? QueueName { get; }

    /// <summary>The topic; null for a queue.</summary>
    public string? TopicName { get; }

    /// <summary>The subscription; null for a queue.</summary>
    public string? SubscriptionName { get; }

    /// <summary>Whether the entity requires sessions.</summary>
    public bool IsSessionsEnabled { get; set; }

    /// <summary>Whether the function receives an array of messages.</summary>
    [DefaultValue(false)]
    public bool IsBatched { get; set; }

    /// <summary>Whether the host completes the message after a successful run; unset, host.json decides.</summary>
    public bool AutoCompleteMessages { get; set; }
}
