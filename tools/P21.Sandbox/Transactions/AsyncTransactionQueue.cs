using System.Collections.Concurrent;

namespace P21.Sandbox.Transactions;

/// <summary>
/// <c>transaction/async</c>: a transaction set is accepted at once (202 and a <c>RequestId</c>) and run in the
/// background, at most <see cref="Capacity"/> at a time (P21's <c>AsyncRequests.QueueCapacity</c> default), the rest
/// waiting their turn; <c>GET transaction/async?id=</c> reads its state.
/// </summary>
internal sealed class AsyncTransactionQueue(TransactionProcessor processor, IHostApplicationLifetime lifetime) : IDisposable
{
    public const int Capacity = 2;

    private readonly ConcurrentDictionary<string, AsyncTransactionState> _requests = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _slots = new(Capacity, Capacity);

    public AsyncTransactionState Enqueue(TransactionRequest request, TransactionDefinition service)
    {
        string id = Guid.NewGuid().ToString("D");
        var state = new AsyncTransactionState(id, AsyncTransactionState.Active, null, null);
        _requests[id] = state;
        // Runs past the request that queued it, until the host stops.
        _ = Task.Run(() => RunAsync(id, request, service, lifetime.ApplicationStopping));
        return state;
    }

    public AsyncTransactionState? Find(string id) => _requests.GetValueOrDefault(id);

    public void Dispose() => _slots.Dispose();

    private async Task RunAsync(string id, TransactionRequest request, TransactionDefinition service, CancellationToken cancellationToken)
    {
        try
        {
            await _slots.WaitAsync(cancellationToken);
            try
            {
                TransactionResponse response = await processor.RunAsync(request, service, cancellationToken);
                _requests[id] = new AsyncTransactionState(id, response.Summary.Failed > 0 ? AsyncTransactionState.Failed : AsyncTransactionState.Complete, response, null);
            }
            finally
            {
                _slots.Release();
            }
        }
        catch (OperationCanceledException)
        {
            _requests[id] = new AsyncTransactionState(id, AsyncTransactionState.Failed, null, "The server stopped before the request ran.");
        }
        catch (Exception ex) when (ex is InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            _requests[id] = new AsyncTransactionState(id, AsyncTransactionState.Failed, null, ex.Message);
        }
    }
}

/// <summary>The state of one async request: <c>Active</c> until it ran, then <c>Complete</c>, or <c>Failed</c> when a transaction failed or it could not run.</summary>
internal sealed record AsyncTransactionState(string RequestId, string Status, TransactionResponse? Response, string? ErrorMessage)
{
    public const string Active = "Active";
    public const string Complete = "Complete";
    public const string Failed = "Failed";
}
