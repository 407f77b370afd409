using Microsoft.Azure.Functions.Worker;

using P21.Connector.Events;
using P21.Connector.Poll.Schema;

namespace P21.Functions.Polling;

/// <summary>
/// Compares each connection's live P21 schema with its stored snapshot on <c>Schema:Drift:Schedule</c> and publishes
/// <c>p21.schema.drifted</c> to the change sink (<see cref="SchemaDriftCheck.RunAllAsync"/>). No RunOnStartup.
/// </summary>
public sealed class SchemaDriftTimer(SchemaDriftCheck check, IChangeSink sink)
{
    /// <summary>Checks every connection.</summary>
    [Function("SchemaDrift")]
    public Task RunAsync([TimerTrigger("%Schema:Drift:Schedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        check.RunAllAsync(sink, cancellationToken);
}
