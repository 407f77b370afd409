// Stand-in, same public shape as Azure/azure-functions-dotnet-worker
// extensions/Worker.Extensions.ServiceBus/src/ServiceBusOutputAttribute.cs at tag servicebus-extension-5.24.0.
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker;

/// <summary>Output binding that sends the function's result to a Service Bus queue or topic.</summary>
public sealed class ServiceBusOutputAttribute : OutputBindingAttribute
{
    /// <summary>Sends to <paramref name="queueOrTopicName"/>, a queue unless <paramref name="entityType"/> says topic.</summary>
    public ServiceBusOutputAttribute(string queueOrTopicName, ServiceBusEntityType entityType = ServiceBusEntityType.Queue)
    {
        QueueOrTopicName = queueOrTopicName;
        EntityType = entityType;
    }

    /// <summary>The queue or topic sent to.</summary>
    public string QueueOrTopicName { get; private set; }

    /// <summary>The app setting (or setting prefix, for identity connections) naming the namespace.</summary>
    public string? Connection { get; set; }

    /// <summary>Whether <see cref="QueueOrTopicName"/> is a queue or a topic.</summary>
    public ServiceBusEntityType EntityType { get; set; }
}
