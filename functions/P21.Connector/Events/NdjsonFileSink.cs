using System.Text;

namespace P21.Connector.Events;

/// <summary>
/// NDJSON change events in a file that survives an interrupted run: the file is opened only when the run owns its
/// entity (<see cref="OpenAsync"/>, after the lease), so a run skipped for a held lease never touches it; each page
/// is written in one write and flushed before the run may commit; and on an append a torn last line left by a killed
/// run is cut back to the last complete event, so concatenated runs never glue half an event onto the next.
/// </summary>
public sealed class NdjsonFileSink : IChangeSink, IAsyncDisposable
{
    private readonly string _path;
    private readonly bool _append;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private FileStream? _file;

    /// <summary>A sink for <paramref name="path"/>; <paramref name="append"/> keeps what the file holds, else it is emptied on open.</summary>
    public NdjsonFileSink(string path, bool append)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
        _append = append;
    }

    /// <summary>Bytes of a torn last line cut on open (0 when the file ended on a complete event).</summary>
    public long TornBytesCut { get; private set; }

    /// <summary>Events written by this sink.</summary>
    public long EventsWritten { get; private set; }

    /// <inheritdoc />
    public async Task OpenAsync(CancellationToken cancellationToken = default)
    {
        if (_file is not null)
        {
            return;
        }

        var file = new FileStream(_path, _append ? FileMode.OpenOrCreate : FileMode.Create, FileAccess.ReadWrite, FileShare.Read, 64 * 1024, useAsync: true);
        try
        {
            if (_append)
            {
                TornBytesCut = await CutTornTailAsync(file, cancellationToken).ConfigureAwait(false);
            }

            file.Seek(0, SeekOrigin.End);
            _file = file;
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task PublishAsync(IReadOnlyList<ChangeEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        await OpenAsync(cancellationToken).ConfigureAwait(false);
        var page = new StringBuilder(events.Count * 512);
        foreach (var changeEvent in events)
        {
            page.Append(CloudEventJson.Serialize(changeEvent)).Append('\n');
        }

        byte[] bytes = Encoding.UTF8.GetBytes(page.ToString());
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // One write, then flushed to the OS: returning is the acknowledgement the watermark waits for.
            await _file!.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await _file.FlushAsync(cancellationToken).ConfigureAwait(false);
            EventsWritten += events.Count;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_file is not null)
        {
            await _file.DisposeAsync().ConfigureAwait(false);
        }

        _gate.Dispose();
    }

    /// <summary>Truncates <paramref name="file"/> after its last newline; returns the bytes cut.</summary>
    internal static async Task<long> CutTornTailAsync(FileStream file, CancellationToken cancellationToken)
    {
        long length = file.Length;
        if (length == 0)
        {
            return 0;
        }

        // Read backwards in blocks until a newline is found; an event is a few KiB, so this reads little.
        byte[] block = new byte[8192];
        long end = length;
        while (end > 0)
        {
            int size = (int)Math.Min(block.Length, end);
            file.Seek(end - size, SeekOrigin.Begin);
            await file.ReadExactlyAsync(block.AsMemory(0, size), cancellationToken).ConfigureAwait(false);
            int newline = Array.LastIndexOf(block, (byte)'\n', size - 1, size);
            if (newline >= 0)
            {
                long keep = end - size + newline + 1;
                if (keep < length)
                {
                    file.SetLength(keep);
                }

                return length - keep;
            }

            end -= size;
        }

        file.SetLength(0);
        return length;
    }
}
