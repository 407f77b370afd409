using P21.Connector.Commands;

namespace P21.Connector.Write;

/// <summary>
/// Writes one kind of command to P21, registered as a keyed service under its <see cref="WriteCommandKind"/>.
/// A handler looks for the record by its external reference before creating anything, verifies what P21 answered,
/// and returns the P21 key. It throws <see cref="WriteRejectedException"/> for a permanent failure and lets
/// transient ones propagate.
/// </summary>
public interface IWriteHandler
{
    /// <summary>Writes <paramref name="context"/>'s command and returns the P21 key it landed under.</summary>
    /// <exception cref="WriteRejectedException">A permanent failure; the writer parks the command.</exception>
    Task<string> HandleAsync(WriteContext context, CancellationToken cancellationToken);
}

/// <summary>A handler of one payload type; the cast from the command's payload happens once, here.</summary>
/// <typeparam name="TPayload">The payload the handler writes.</typeparam>
public abstract class WriteHandler<TPayload> : IWriteHandler
    where TPayload : WriteCommandPayload
{
    /// <inheritdoc/>
    public Task<string> HandleAsync(WriteContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Command.Payload is TPayload payload
            ? HandleAsync(payload, context, cancellationToken)
            : throw new WriteRejectedException(
                $"payload of type {context.Command.Payload.GetType().Name} does not match kind {context.Command.Kind.Name}");
    }

    /// <summary>Writes <paramref name="payload"/> and returns the P21 key.</summary>
    protected abstract Task<string> HandleAsync(TPayload payload, WriteContext context, CancellationToken cancellationToken);
}
