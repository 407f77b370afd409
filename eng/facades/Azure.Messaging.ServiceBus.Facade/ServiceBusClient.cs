// Mirrors Azure/azure-sdk-for-net sdk/servicebus/Azure.Messaging.ServiceBus/src/Client/ServiceBusClient.cs
using Azure.Core;

namespace Azure.Messaging.ServiceBus;

/// <summary>Connection to a Service Bus namespace; creates senders.</summary>
public class ServiceBusClient : IAsyncDisposable
{
    /// <summary>For mocking.</summary>
    protected ServiceBusClient()
    {
    }

    /// <summary>Connects with a connection string (the local Service Bus emulator).</summary>
    public ServiceBusClient(string connectionString) => throw null!;

    /// <summary>Connects to <paramref name="fullyQualifiedNamespace"/> with an Entra ID credential.</summary>
    public ServiceBusClient(string fullyQualifiedNamespace, TokenCredential credential) => throw null!;

    /// <summary>A sender for a queue or topic.</summary>
    public virtual ServiceBusSender CreateSender(string queueOrTopicName) => throw null!;

    /// <summary>Closes the connection.</summary>
    public virtual ValueTask DisposeAsync() => throw null!;
}
