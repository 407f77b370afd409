// Mirrors Azure/azure-functions-dotnet-worker extensions/Worker.Extensions.ServiceBus/src/ServiceBusEntityType.cs
namespace Microsoft.Azure.Functions.Worker;

/// <summary>Service Bus entity type.</summary>
public enum ServiceBusEntityType
{
    /// <summary>A queue.</summary>
    Queue,

    /// <summary>A topic.</summary>
    Topic,
}
