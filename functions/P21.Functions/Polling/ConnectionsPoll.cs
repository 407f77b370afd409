using Microsoft.Extensions.Logging;

using P21.Connector.Client;
using P21.Connector.Events;
using P21.Connector.Poll;

namespace P21.Functions.Polling;

/// <summary>
/// Polls one entity on every configured P21 connection, one after the other, publishing to the app's change sink.
/// A connection that fails does not stop the others; the run then throws so the invocation shows as failed.
/// </summary>
public sealed partial class ConnectionsPoll(PollRunner runner, IP21ClientProvider clients, IChangeSink sink, ILogger<ConnectionsPoll> logger)
{
    /// <summary>Runs <paramref name="entity"/> (a catalogue name such as <c>sales-orders</c>) on every connection.</summary>
    /// <returns>One result per connection, in configuration order.</returns>
    /// <exception cref="AggregateException">One or more connections failed; the others ran to completion.</exception>
    public async Task<IReadOnlyList<PollResult>> RunAsync(string entity, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entity);
        var results = new List<PollResult>();
        var failures = new List<Exception>();
        foreach (var connection in clients.ConnectionNames)
        {
            try
            {
                results.Add(await runner.RunAsync(new PollRequest(connection, entity), sink, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The watermark did not move past the failure, so the next occurrence resumes where this one stopped.
                LogConnectionFailed(connection, entity, ex);
                failures.Add(ex);
            }
        }

        if (failures.Count > 0)
        {
            throw new AggregateException(
                $"Poll of {entity} failed on {failures.Count} of {failures.Count + results.Count} connection(s); the next run resumes from the last committed page.",
                failures);
        }

        return results;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Poll of {Connection}/{Entity} failed; other connections continue")]
    private partial void LogConnectionFailed(string connection, string entity, Exception exception);
}