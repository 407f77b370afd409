namespace P21.Connector.Commands;

/// <summary>The queue between intake and writer (Service Bus queue <c>p21-writes</c> in Azure).</summary>
public interface ICommandQueue
{
    /// <summary>Enqueues a serialized write command; <paramref name="messageId"/> is the command id (duplicate detection).</summary>
    Task EnqueueAsync(string messageId, string body, CancellationToken cancellationToken = default);
}
