using System.Collections.Concurrent;

using P21.Connector.Commands;
using P21.Connector.Secrets;

namespace P21.Connector.Tests.Intake;

/// <summary>Records every enqueued message; can be told to fail like an unavailable Service Bus.</summary>
internal sealed class RecordingCommandQueue : ICommandQueue
{
    public ConcurrentQueue<(string MessageId, string Body)> Messages { get; } = new();

    public bool Fail { get; set; }

    /// <summary>Once this many messages are in, the next enqueue lands and then the host dies (once): a crash after the send.</summary>
    public int? CrashAfterSendAt { get; set; }

    public Task EnqueueAsync(string messageId, string body, CancellationToken cancellationToken = default)
    {
        if (Fail)
        {
            throw new InvalidOperationException("queue unavailable");
        }

        Messages.Enqueue((messageId, body));
        if (Messages.Count == CrashAfterSendAt)
        {
            CrashAfterSendAt = null;
            throw new OperationCanceledException("the host stopped right after the send");
        }

        return Task.CompletedTask;
    }
}

/// <summary>Secrets from a dictionary; counts invalidations so rotation can be observed.</summary>
internal sealed class DictionarySecretSource : ISecretSource
{
    private readonly ConcurrentDictionary<string, string> _current = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _cached = new(StringComparer.Ordinal);

    public int Invalidations { get; private set; }

    public void Set(string name, string value) => _current[name] = value;

    public ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken = default)
    {
        if (_cached.TryGetValue(name, out var cached))
        {
            return ValueTask.FromResult<string?>(cached);
        }

        if (_current.TryGetValue(name, out var value))
        {
            _cached[name] = value;
            return ValueTask.FromResult<string?>(value);
        }

        return ValueTask.FromResult<string?>(null);
    }

    public ValueTask InvalidateAsync(string name, CancellationToken cancellationToken = default)
    {
        Invalidations++;
        _cached.TryRemove(name, out _);
        return ValueTask.CompletedTask;
    }
}
