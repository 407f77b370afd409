// Stand-in, same public shape as Azure/azure-functions-dotnet-worker
// extensions/Worker.Extensions.ServiceBus/src/ServiceBusEntityType.cs at tag servicebus-extension-5.24.0.
namespace Microsoft.Azure.Functions.Worker;

/// <summary>What a <see cref="ServiceBusOutputAttribute"/> sends to.</summary>
public enum ServiceBusEntityType
{
    /// <summary>A queue.</summary>
    Queue,

    /// <summary>A topic.</summary>
    Topic,
}
