using System.Text;

using P21.Connector.Commands;
using P21.Connector.Storage;

namespace P21.Connector.Queues;

/// <summary>
/// The claim check between intake and writer: a serialized command larger than <see cref="ThresholdBytes"/> (UTF-8)
/// is stored in the <see cref="ICommandBodyStore"/> and replaced on the queue by a <see cref="CommandBodyPointer"/>;
/// the writer resolves pointers back to bodies. Service Bus Standard takes 256 KiB per message, and a 10k-line
/// settlement serializes to a few MB.
/// </summary>
public sealed class CommandClaimCheck
{
    /// <summary>Default <see cref="ThresholdBytes"/>: 192 KiB, room under Service Bus Standard's 256 KiB for headers.</summary>
    public const int DefaultThresholdBytes = 192 * 1024;

    private readonly ICommandBodyStore _bodies;

    /// <summary>Creates the claim check over <paramref name="bodies"/>.</summary>
    public CommandClaimCheck(ICommandBodyStore bodies, int thresholdBytes = DefaultThresholdBytes)
    {
        ArgumentNullException.ThrowIfNull(bodies);
        ArgumentOutOfRangeException.ThrowIfLessThan(thresholdBytes, 1);
        _bodies = bodies;
        ThresholdBytes = thresholdBytes;
    }

    /// <summary>Bodies above this many UTF-8 bytes travel by pointer.</summary>
    public int ThresholdBytes { get; }

    /// <summary>The message to enqueue for <paramref name="command"/>: its body, or a pointer after storing the body.</summary>
    public async Task<string> ToMessageAsync(WriteCommand command, string body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(body);
        if (Encoding.UTF8.GetByteCount(body) <= ThresholdBytes)
        {
            return body;
        }

        await _bodies.PutAsync(command.Connection, command.CommandId, body, cancellationToken).ConfigureAwait(false);
        return new CommandBodyPointer(CommandBodyPointer.CurrentSchema, command.CommandId, command.Connection).ToJson();
    }

    /// <summary>
    /// The command body a message stands for: the message itself unless it is a pointer, else the stored body, or null
    /// when the stored body is gone.
    /// </summary>
    public async Task<ResolvedCommandBody> ResolveAsync(string message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (CommandBodyPointer.TryRead(message) is not { } pointer)
        {
            return new ResolvedCommandBody(message, null);
        }

        string? body = await _bodies.GetAsync(pointer.Connection, pointer.CommandId, cancellationToken).ConfigureAwait(false);
        return new ResolvedCommandBody(body, pointer);
    }
}

/// <summary>What a queue message resolved to.</summary>
/// <param name="Body">The serialized command, or null when the message is a pointer whose body is gone.</param>
/// <param name="Pointer">The pointer the message was, or null when it carried the command itself.</param>
public sealed record ResolvedCommandBody(string? Body, CommandBodyPointer? Pointer);
