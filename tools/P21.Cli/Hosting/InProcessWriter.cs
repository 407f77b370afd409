using P21.Cli.Output;
using P21.Connector.Commands;
using P21.Connector.Intake;
using P21.Connector.Queues;
using P21.Connector.Storage;
using P21.Connector.Write;

namespace P21.Cli.Hosting;

/// <summary>
/// One delivery through the real flow, in-process: intake (verify, parse, enqueue) → <see cref="InMemoryCommandQueue"/>
/// → <see cref="CommandWriter"/> → P21. The ledger makes a second submission of the same order a no-op.
/// </summary>
internal sealed class InProcessWriter(CliSession session)
{
    public async Task<WriteReport> SubmitAsync(
        string source, string kind, string contentType, IReadOnlyDictionary<string, string> headers, byte[] body, CancellationToken cancellationToken)
    {
        session.Settings.RequireSharedLedger();
        IntakeResult accepted = await session.Get<OrderIntake>().AcceptAsync(new IntakeRequest(source, kind, contentType, headers, body), cancellationToken);
        switch (accepted)
        {
            case IntakeResult.Rejected rejected:
                return new WriteReport(source, "rejected", Problem: rejected.Problem, Reason: $"{rejected.Problem.Title}: {rejected.Problem.Detail}");
            case IntakeResult.Acknowledged acknowledged:
                return new WriteReport(source, "acknowledged", Reason: acknowledged.Reason);
        }

        var command = (IntakeResult.Accepted)accepted;
        var queue = session.Get<InMemoryCommandQueue>();
        QueuedMessage? message = await queue.ReceiveAsync(cancellationToken);
        if (message is null)
        {
            // The queue's duplicate detection (as Service Bus does) dropped a command id it has seen; the ledger knows the result.
            LedgerEntry? entry = await session.Get<IIdempotencyLedger>().GetAsync(session.Connection, command.IdempotencyKey, cancellationToken);
            return new WriteReport(source, entry?.State == LedgerState.Parked ? "parked" : "duplicate", command.CommandId, command.IdempotencyKey, entry?.P21Key,
                Reason: entry?.ParkedReason, ParkedId: entry?.State == LedgerState.Parked ? ParkedRecord.IdFor(command.IdempotencyKey) : null);
        }

        WriteOutcome outcome;
        try
        {
            outcome = await session.Get<CommandWriter>().HandleAsync(message.Body, message.MessageId, message.DeliveryCount, cancellationToken);
        }
        catch
        {
            await queue.AbandonAsync(message, CancellationToken.None);
            throw;
        }

        await queue.CompleteAsync(message, cancellationToken);
        return outcome switch
        {
            WriteOutcome.Committed c => new WriteReport(source, "committed", command.CommandId, command.IdempotencyKey, c.P21Key, Notices: c.Notices),
            WriteOutcome.Duplicate d => new WriteReport(source, "duplicate", command.CommandId, command.IdempotencyKey, d.P21Key),
            WriteOutcome.Parked p => new WriteReport(source, "parked", command.CommandId, command.IdempotencyKey, Reason: p.Reason, ParkedId: ParkedRecord.IdFor(command.IdempotencyKey)),
            _ => new WriteReport(source, outcome.GetType().Name.ToLowerInvariant(), command.CommandId, command.IdempotencyKey),
        };
    }

    /// <summary>
    /// Writes every command waiting in the in-process queue (what a pull enqueued) through the writer, adding each outcome
    /// to <paramref name="outcomes"/> by external id as it lands, so a caller that catches a failure knows what was written.
    /// </summary>
    public async Task WriteQueuedAsync(IDictionary<string, WriteOutcome> outcomes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var queue = session.Get<InMemoryCommandQueue>();
        var writer = session.Get<CommandWriter>();
        while (await queue.ReceiveAsync(cancellationToken) is { } message)
        {
            WriteCommand command = WriteCommandSerializer.Deserialize(message.Body);
            WriteOutcome outcome;
            try
            {
                outcome = await writer.HandleAsync(message.Body, message.MessageId, message.DeliveryCount, cancellationToken);
            }
            catch
            {
                await queue.AbandonAsync(message, CancellationToken.None);
                throw;
            }

            await queue.CompleteAsync(message, cancellationToken);
            outcomes[command.ExternalId] = outcome;
        }
    }

    /// <summary>Prints a report the way every submit command does; returns the exit code.</summary>
    public static int Print(WriteReport report, IConsoleOutput output, string what)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        switch (report.Status)
        {
            case "committed":
                output.Result(true, $"written: {what} {report.P21Key} (idempotency key {report.IdempotencyKey})");
                foreach (string notice in report.Notices ?? [])
                {
                    output.Line($"  note: {notice}");
                }

                break;
            case "duplicate":
                output.Result(true, $"already written: {what} {report.P21Key} (idempotency key {report.IdempotencyKey}) — nothing written again");
                break;
            case "acknowledged":
                output.Result(true, $"acknowledged, nothing to write: {report.Reason}");
                break;
            case "parked":
                output.Result(false, $"parked: {report.Reason} — fix it, then p21 parked replay {report.ParkedId}");
                break;
            default:
                output.Result(false, $"rejected by intake (HTTP {report.Problem?.Status}): {report.Reason}");
                foreach ((string field, string[] errors) in report.Problem?.Errors ?? new Dictionary<string, string[]>())
                {
                    output.Line($"  {field}: {string.Join("; ", errors)}");
                }

                break;
        }

        return report.Ok ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
