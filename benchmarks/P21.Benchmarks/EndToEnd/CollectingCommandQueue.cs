using System.Collections.Concurrent;

using P21.Connector.Commands;

namespace P21.Benchmarks.EndToEnd;

/// <summary>A queue that keeps every message, so a bench can count what was enqueued and write it afterwards.</summary>
internal sealed class CollectingCommandQueue : ICommandQueue
{
    private readonly ConcurrentQueue<(string MessageId, string Body)> _messages = new();

    public IReadOnlyCollection<(string MessageId, string Body)> Messages => _messages;

    public Task EnqueueAsync(string messageId, string body, CancellationToken cancellationToken = default)
    {
        _messages.Enqueue((messageId, body));
        return Task.CompletedTask;
    }
}
