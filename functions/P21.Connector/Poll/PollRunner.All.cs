using Microsoft.Extensions.Logging;

using P21.Connector.Events;

namespace P21.Connector.Poll;

public sealed partial class PollRunner
{
    /// <summary>
    /// Runs <paramref name="entity"/> incrementally on every configured connection, one after the other (the timer
    /// triggers call this). Each connection's <c>Enabled</c> flag and schedule apply as in <see cref="RunAsync"/>, so
    /// skipped connections come back as skipped results. A failing connection does not stop the others.
    /// </summary>
    /// <param name="entity">The catalogue entity name, e.g. <c>sales-orders</c>.</param>
    /// <param name="sink">Where events go.</param>
    /// <param name="cancellationToken">Stops the round; committed pages stay committed.</param>
    /// <returns>One result per connection, in configuration order.</returns>
    /// <exception cref="KeyNotFoundException">Unknown entity (nothing ran).</exception>
    /// <exception cref="PollRoundException">One or more connections failed; the others ran, and their results are on the exception.</exception>
    public async Task<IReadOnlyList<PollResult>> RunAllAsync(string entity, IChangeSink sink, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entity);
        ArgumentNullException.ThrowIfNull(sink);
        var name = _catalogue.Get(entity).Name;
        var results = new List<PollResult>();
        var failures = new List<Exception>();
        foreach (var connection in ConnectionNames())
        {
            try
            {
                results.Add(await RunAsync(new PollRequest(connection, name), sink, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The watermark did not move past the failure, so the next round resumes where this one stopped.
                LogConnectionFailed(connection, name, ex);
                failures.Add(ex);
            }
        }

        return failures.Count == 0 ? results : throw new PollRoundException(name, results, failures);
    }

    private IEnumerable<string> ConnectionNames() =>
        _connectorOptions.CurrentValue.Connections.Keys.Concat(_clients.ConnectionNames).Distinct(StringComparer.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Error, Message = "Poll of {Connection}/{Entity} failed; other connections continue")]
    private partial void LogConnectionFailed(string connection, string entity, Exception exception);
}

/// <summary>Some connections of a <see cref="PollRunner.RunAllAsync"/> round failed; the others ran.</summary>
public sealed class PollRoundException : AggregateException
{
    /// <summary>Creates the exception.</summary>
    public PollRoundException(string entity, IReadOnlyList<PollResult> completed, IReadOnlyList<Exception> failures)
        : base($"Poll of {entity} failed on {failures?.Count} of {failures?.Count + completed?.Count} connection(s); the next run resumes from the last committed page.", failures ?? [])
    {
        Entity = entity;
        Completed = completed ?? [];
    }

    /// <summary>The entity of the round.</summary>
    public string Entity { get; }

    /// <summary>Results of the connections that ran (including skipped ones).</summary>
    public IReadOnlyList<PollResult> Completed { get; }
}
