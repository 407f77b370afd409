using Microsoft.Extensions.DependencyInjection;

using P21.Connector.Client;
using P21.Connector.Commands;

namespace P21.Connector.Write;

/// <summary>
/// The writer's third stage (after the envelope and the claim): runs the handler registered for the command's kind
/// (<c>AddCommand&lt;TPayload, THandler&gt;</c>) and sorts what happens into written or refused for good; a transient
/// failure propagates, so the queue redelivers.
/// </summary>
public sealed class CommandDispatch
{
    private readonly IServiceProvider _services;
    private readonly IP21ClientProvider _clients;

    /// <summary>Creates the stage over the keyed <see cref="IWriteHandler"/> services and the P21 clients.</summary>
    public CommandDispatch(IServiceProvider services, IP21ClientProvider clients)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(clients);
        _services = services;
        _clients = clients;
    }

    /// <summary>Writes <paramref name="command"/> through its handler.</summary>
    /// <param name="command">The claimed command.</param>
    /// <param name="deliveryCount">1 on the first delivery; handlers use it to decide how hard to look for an earlier write.</param>
    /// <param name="isReplay">True when an operator replays a parked record.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="Exception">A transient failure (P21 5xx, 429, 401/403 after a re-mint, timeouts).</exception>
    public async Task<DispatchResult> RunAsync(WriteCommand command, int deliveryCount, bool isReplay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        IWriteHandler? handler = _services.GetKeyedService<IWriteHandler>(command.Kind);
        if (handler is null)
        {
            return new DispatchResult.Refused($"no handler is registered for {command.Kind.Name}", null);
        }

        WriteContext? context = null;
        try
        {
            P21Client client = _clients.Get(command.Connection);
            context = new WriteContext(command, client, client.ServerUtcOffset, deliveryCount, isReplay);
            string p21Key = await handler.HandleAsync(context, cancellationToken).ConfigureAwait(false);
            return new DispatchResult.Written(p21Key, context.Notices);
        }
        catch (WriteRejectedException ex)
        {
            return Refused(context, ex.Message, ex.Details);
        }
        catch (P21TransactionRejectedException ex)
        {
            string messages = string.Join(" | ", ex.Messages);
            return Refused(context, $"P21 rejected the {ex.Service} transaction: {messages}", messages);
        }
        catch (P21RequestFailedException ex) when (IsPermanent(ex))
        {
            return Refused(context, $"P21 answered {ex.Status}: {ex.P21Message ?? ex.Message}", ex.Hint);
        }
        catch (KeyNotFoundException ex)
        {
            // An unknown connection name: the command can never succeed as sent.
            return new DispatchResult.Refused(ex.Message, null);
        }
    }

    /// <summary>
    /// A refusal may be about an item deleted or renamed in P21 since the writer cached it, so the items this write matched
    /// are forgotten: the replay after the fix looks them up afresh.
    /// </summary>
    private DispatchResult.Refused Refused(WriteContext? context, string reason, string? details)
    {
        if (context is { MatchedItemIds.Count: > 0 })
        {
            _services.GetService<KnownItems>()?.Forget(context.Connection, context.MatchedItemIds);
        }

        return new DispatchResult.Refused(reason, details);
    }

    // 4xx other than auth and throttling: the request itself is wrong and will be wrong next time.
    private static bool IsPermanent(P21RequestFailedException ex) =>
        !ex.IsTransient && ex is not P21AuthenticationException && ex.Status is >= 400 and < 500 && ex.Status is not (401 or 403 or 408 or 429);
}

/// <summary>What <see cref="CommandDispatch.RunAsync"/> did.</summary>
public abstract record DispatchResult
{
    private DispatchResult()
    {
    }

    /// <summary>P21 holds the record.</summary>
    /// <param name="P21Key">Its key in P21 (order number, customer id, journal id, ...).</param>
    /// <param name="Notices">What the handler noted on the way (a substituted default, a skipped line).</param>
    public sealed record Written(string P21Key, IReadOnlyList<string> Notices) : DispatchResult;

    /// <summary>P21 or the handler refused it, and it will be refused again as sent: park it.</summary>
    /// <param name="Reason">In words an operator can act on.</param>
    /// <param name="Details">Specifics (P21's messages, which lines).</param>
    public sealed record Refused(string Reason, string? Details) : DispatchResult;
}
