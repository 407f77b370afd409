using System.Text;

namespace P21.Connector.Events;

/// <summary>Writes one structured CloudEvent per line (NDJSON) to a <see cref="TextWriter"/>: the CLI's stdout, a file.</summary>
public sealed class NdjsonChangeSink : IChangeSink
{
    private readonly TextWriter _writer;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Writes to <paramref name="writer"/> (not disposed by the sink).</summary>
    public NdjsonChangeSink(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
    }

    /// <summary>Writes UTF-8 to <paramref name="stream"/> (left open).</summary>
    public NdjsonChangeSink(Stream stream)
        : this(new StreamWriter(stream ?? throw new ArgumentNullException(nameof(stream)), new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" })
    {
    }

    /// <inheritdoc />
    public async Task PublishAsync(IReadOnlyList<ChangeEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var changeEvent in events)
            {
                // Explicit "\n" (not WriteLine) so the output is NDJSON on every platform.
                await _writer.WriteAsync(CloudEventJson.Serialize(changeEvent).AsMemory(), cancellationToken).ConfigureAwait(false);
                await _writer.WriteAsync("\n".AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            // Flushed before returning: returning is the acknowledgement the watermark waits for.
            await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }
}
