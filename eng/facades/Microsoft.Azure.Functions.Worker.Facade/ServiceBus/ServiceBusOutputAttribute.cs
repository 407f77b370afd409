// Mirrors Azure/azure-functions-dotnet-worker extensions/Worker.Extensions.ServiceBus/src/ServiceBusOutputAttribute.cs
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker;

/// <summary>Sends the returned value (or the marked property) to a queue or topic.</summary>
public sealed class ServiceBusOutputAttribute : OutputBindingAttribute
{
    /// <summary>Binds to <paramref name="queueOrTopicName"/>.</summary>
    public ServiceBusOutputAttribute(string queueOrTopicName, ServiceBusEntityType entityType = ServiceBusEntityType.Queue)
    {
        QueueOrTopicName = queueOrTopicName;
        EntityType = entityType;
    }

    /// <summary>The queue or topic name.</summary>
    public string QueueOrTopicName { get; private set; }

    /// <summary>App-setting name (or prefix) of the connection.</summary>
    public string? Connection { get; set; }

    /// <summary>Queue or topic.</summary>
    public ServiceBusEntityType EntityType { get; set; }
}
