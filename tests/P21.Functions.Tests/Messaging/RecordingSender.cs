using Azure.Messaging.ServiceBus;

namespace P21.Functions.Tests.Messaging;

/// <summary>
/// A <see cref="ServiceBusSender"/> test double (the SDK's members are virtual) whose batches are the SDK's own
/// <see cref="ServiceBusMessageBatch"/>, made by <see cref="ServiceBusModelFactory"/> with a size limit of
/// <paramref name="maxBatchBytes"/>. A message's size is its body length: the real batch also counts AMQP overhead,
/// which only moves the limit, not the splitting logic under test.
/// </summary>
internal sealed class RecordingSender(long maxBatchBytes = 256 * 1024) : ServiceBusSender
{
    private readonly Dictionary<ServiceBusMessageBatch, List<ServiceBusMessage>> _open = [];

    /// <summary>Each successfully sent batch, in order, as the messages it held when sent.</summary>
    public List<IReadOnlyList<ServiceBusMessage>> SentBatches { get; } = [];

    /// <summary>Messages sent one at a time.</summary>
    public List<ServiceBusMessage> SentMessages { get; } = [];

    public int BatchesCreated { get; private set; }

    public List<CancellationToken> Tokens { get; } = [];

    /// <summary>Called before each send with the 1-based send number; a returned exception fails that send.</summary>
    public Func<int, Exception?> Fail { get; set; } = _ => null;

    private int _sends;

    public static long Size(ServiceBusMessage message) => message.Body.ToMemory().Length;

    public override ValueTask<ServiceBusMessageBatch> CreateMessageBatchAsync(CancellationToken cancellationToken = default) =>
        CreateMessageBatchAsync(new CreateMessageBatchOptions { MaxSizeInBytes = maxBatchBytes }, cancellationToken);

    public override ValueTask<ServiceBusMessageBatch> CreateMessageBatchAsync(CreateMessageBatchOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Tokens.Add(cancellationToken);
        var store = new List<ServiceBusMessage>();
        var limit = options.MaxSizeInBytes ?? maxBatchBytes;
        var batch = ServiceBusModelFactory.ServiceBusMessageBatch(0, store, options, m => store.Sum(Size) + Size(m) <= limit);
        _open[batch] = store;
        BatchesCreated++;
        return ValueTask.FromResult(batch);
    }

    public override Task SendMessagesAsync(ServiceBusMessageBatch messageBatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageBatch);
        Tokens.Add(cancellationToken);
        if (Fail(++_sends) is { } failure)
        {
            return Task.FromException(failure);
        }

        SentBatches.Add([.. _open[messageBatch]]);
        return Task.CompletedTask;
    }

    public override Task SendMessageAsync(ServiceBusMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        Tokens.Add(cancellationToken);
        if (Fail(++_sends) is { } failure)
        {
            return Task.FromException(failure);
        }

        SentMessages.Add(message);
        return Task.CompletedTask;
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
