using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using P21.Connector.Commands;
using P21.Connector.Storage;

namespace P21.Connector.Write;

/// <summary>
/// The writer's claim stage: one delivery of a key at a time in this process (a gate), and one worker across all hosts
/// (the ledger's processing claim, waited for with <see cref="Backoff"/> and renewed on <see cref="TimeProvider"/>
/// every third of its duration, so only a dead worker's claim lapses).
/// </summary>
/// <param name="ledger">Holds the processing claims.</param>
/// <param name="options">Claim duration and how long to wait for another holder.</param>
/// <param name="time">Drives renewal.</param>
/// <param name="backoff">Pauses while another holder has the claim.</param>
/// <param name="logger">Busy, lost and failed claims.</param>
public sealed partial class CommandClaims(
    IIdempotencyLedger ledger, IOptionsMonitor<WriterOptions> options, TimeProvider time, Backoff backoff, ILogger<CommandClaims> logger)
{
    private readonly KeyedGate _gate = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, CancellationTokenSource> _renewals = new(StringComparer.Ordinal);

    // One owner per instance: the gate already keeps two deliveries of one key in this instance apart, so the ledger
    // claim only has to tell hosts (and instances) from each other.
    private readonly string _owner = $"{Environment.MachineName}/{Guid.NewGuid():N}";

    /// <summary>Waits until no other delivery of the command's key runs in this process; dispose to let the next in.</summary>
    public Task<IDisposable> EnterAsync(WriteCommand command, CancellationToken cancellationToken) =>
        _gate.EnterAsync(GateKey(command), cancellationToken);

    /// <summary>Takes the key's processing claim, waiting up to <see cref="WriterOptions.BusyClaimWait"/> for another holder.</summary>
    public async Task<ProcessingClaim> ClaimAsync(WriteCommand command, CancellationToken cancellationToken)
    {
        WriterOptions current = options.CurrentValue;
        TimeSpan waited = TimeSpan.Zero;
        for (int attempt = 1; ; attempt++)
        {
            ProcessingClaim? claim = await ledger.TryClaimAsync(
                command.Connection, command.IdempotencyKey, _owner, current.PendingClaimTimeout, cancellationToken).ConfigureAwait(false);
            if (claim is not null)
            {
                StartRenewal(command, current.PendingClaimTimeout);
                return claim;
            }

            if (waited >= current.BusyClaimWait)
            {
                LedgerEntry? holder = await ledger.GetAsync(command.Connection, command.IdempotencyKey, cancellationToken).ConfigureAwait(false);
                LogBusy(command.Kind, holder?.ClaimOwner, holder?.ClaimExpiresUtc);
                throw new WriteBusyException(command.IdempotencyKey, holder?.ClaimOwner, holder?.ClaimExpiresUtc);
            }

            // The budget counts the pauses rather than reading the clock, so a slow ledger does not eat into it.
            TimeSpan pause = backoff.WhileClaimed(attempt, current.BusyClaimWait - waited);
            await backoff.WaitAsync(pause, cancellationToken).ConfigureAwait(false);
            waited += pause;
        }
    }

    // Renews the claim every third of its duration until released, so only a dead worker's claim lapses.
    private void StartRenewal(WriteCommand command, TimeSpan duration)
    {
        var stop = new CancellationTokenSource();
        string key = GateKey(command);
        _renewals[key] = stop;
        _ = RenewAsync(command, duration, stop.Token);
    }

    private async Task RenewAsync(WriteCommand command, TimeSpan duration, CancellationToken stopped)
    {
        try
        {
            using var timer = new PeriodicTimer(duration / 3, time);
            while (await timer.WaitForNextTickAsync(stopped).ConfigureAwait(false))
            {
                if (await ledger.TryClaimAsync(command.Connection, command.IdempotencyKey, _owner, duration, stopped).ConfigureAwait(false) is null)
                {
                    LogClaimLost(command.Kind);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stopped.IsCancellationRequested)
        {
            // Released.
        }
        catch (Exception ex)
        {
            // Storage trouble: the claim may lapse early; the external-reference lookup still guards P21.
            LogRenewFailed(ex, command.Kind);
        }
    }

    /// <summary>Stops the renewal and hands the key's claim back (never failing: an unreleased claim lapses on its own).</summary>
    public async Task ReleaseAsync(WriteCommand command)
    {
        if (_renewals.TryRemove(GateKey(command), out CancellationTokenSource? stop))
        {
            await stop.CancelAsync().ConfigureAwait(false);
            stop.Dispose();
        }

        try
        {
            // Not the delivery's token: a cancelled delivery still hands the key back instead of blocking it until expiry.
            await ledger.ReleaseClaimAsync(command.Connection, command.IdempotencyKey, _owner, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The claim lapses on its own; failing the delivery for it would only cause a redelivery.
            LogReleaseFailed(ex, command.Kind);
        }
    }

    private static string GateKey(WriteCommand command) => command.Connection + "\n" + command.IdempotencyKey;

    [LoggerMessage(Level = LogLevel.Information, Message = "Write {Kind} is being written by {Owner} (claim until {ExpiresUtc}); delivery given back for later")]
    private partial void LogBusy(WriteCommandKind kind, string? owner, DateTimeOffset? expiresUtc);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Write {Kind} lost its processing claim while writing (it lapsed and another worker took it)")]
    private partial void LogClaimLost(WriteCommandKind kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Write {Kind} could not renew its processing claim")]
    private partial void LogRenewFailed(Exception exception, WriteCommandKind kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Write {Kind} could not release its processing claim; it lapses on its own")]
    private partial void LogReleaseFailed(Exception exception, WriteCommandKind kind);
}
