using P21.Connector.Commands;

namespace P21.Connector.Queues;

/// <summary>
/// An in-process queue that behaves like a Service Bus queue for the connector's purposes: at-least-once delivery
/// under a peek-lock, redelivery with a growing delivery count, dead-lettering past the max delivery count, and
/// duplicate detection by message id within a window. Time comes from <see cref="TimeProvider"/>.
/// </summary>
public sealed class InMemoryCommandQueue : ICommandQueue, ICommandQueueReceiver
{
    /// <summary>The dead-letter reason Service Bus uses when the max delivery count is exceeded.</summary>
    public const string MaxDeliveryCountExceeded = "MaxDeliveryCountExceeded";

    private readonly TimeProvider _timeProvider;
    private readonly CommandQueueOptions _options;
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, Entry> _ready = [];
    private readonly Dictionary<string, Entry> _locked = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly List<QueuedMessage> _deadLetters = [];
    private long _sequence;

    /// <summary>Creates a queue with Service Bus defaults.</summary>
    public InMemoryCommandQueue(TimeProvider timeProvider)
        : this(timeProvider, new CommandQueueOptions())
    {
    }

    /// <summary>Creates a queue with the given delivery settings.</summary>
    public InMemoryCommandQueue(TimeProvider timeProvider, CommandQueueOptions options)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDeliveryCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.LockDuration, TimeSpan.Zero);
        _timeProvider = timeProvider;
        _options = options;
    }

    /// <summary>Dead-lettered messages, oldest first.</summary>
    public IReadOnlyList<QueuedMessage> DeadLetters
    {
        get
        {
            lock (_gate)
            {
                return [.. _deadLetters];
            }
        }
    }

    /// <summary>Messages waiting or locked (not completed, not dead-lettered).</summary>
    public int ActiveMessageCount
    {
        get
        {
            lock (_gate)
            {
                return _ready.Count + _locked.Count;
            }
        }
    }

    /// <inheritdoc />
    public Task EnqueueAsync(string messageId, string body, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentNullException.ThrowIfNull(body);
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            foreach (var expired in _seen.Where(pair => pair.Value + _options.DuplicateDetectionWindow <= now).Select(pair => pair.Key).ToList())
            {
                _seen.Remove(expired);
            }

            // Like Service Bus: a duplicate inside the window is accepted and silently dropped.
            if (_seen.TryAdd(messageId, now))
            {
                long sequence = ++_sequence;
                _ready.Add(sequence, new Entry(sequence, messageId, body, now));
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<QueuedMessage?> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            foreach (var expired in _locked.Values.Where(entry => entry.LockedUntil <= now).ToList())
            {
                _locked.Remove(expired.LockToken!);
                Release(expired);
            }

            if (_ready.Count == 0)
            {
                return Task.FromResult<QueuedMessage?>(null);
            }

            var entry = _ready.First().Value;
            _ready.Remove(entry.Sequence);
            entry.DeliveryCount++;
            entry.LockToken = Guid.NewGuid().ToString("N");
            entry.LockedUntil = now + _options.LockDuration;
            _locked.Add(entry.LockToken, entry);
            return Task.FromResult<QueuedMessage?>(entry.ToMessage());
        }
    }

    /// <inheritdoc />
    public Task CompleteAsync(QueuedMessage message, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            TakeLocked(message);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task AbandonAsync(QueuedMessage message, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Release(TakeLocked(message));
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task DeadLetterAsync(QueuedMessage message, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        lock (_gate)
        {
            _deadLetters.Add(TakeLocked(message).ToMessage() with { DeadLetterReason = reason });
        }

        return Task.CompletedTask;
    }

    private Entry TakeLocked(QueuedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_locked.TryGetValue(message.LockToken, out var entry))
        {
            throw new MessageLockLostException($"Message '{message.MessageId}' is no longer locked by this receiver (settled already, or its lock expired and it was redelivered).");
        }

        _locked.Remove(message.LockToken);
        if (entry.LockedUntil <= _timeProvider.GetUtcNow())
        {
            Release(entry);
            throw new MessageLockLostException($"The lock on message '{message.MessageId}' expired at {entry.LockedUntil:O}; it will be redelivered.");
        }

        return entry;
    }

    private void Release(Entry entry)
    {
        if (entry.DeliveryCount >= _options.MaxDeliveryCount)
        {
            _deadLetters.Add(entry.ToMessage() with { DeadLetterReason = MaxDeliveryCountExceeded });
            return;
        }

        entry.LockToken = null;
        _ready.Add(entry.Sequence, entry);
    }

    private sealed class Entry(long sequence, string messageId, string body, DateTimeOffset enqueuedUtc)
    {
        public long Sequence { get; } = sequence;

        public int DeliveryCount { get; set; }

        public string? LockToken { get; set; }

        public DateTimeOffset LockedUntil { get; set; }

        public QueuedMessage ToMessage() => new(messageId, body, DeliveryCount, enqueuedUtc, LockToken ?? "", LockedUntil);
    }
}
