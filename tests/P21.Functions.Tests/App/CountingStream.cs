namespace P21.Functions.Tests.App;

/// <summary>An endless (or long) body that counts what was read from it, to prove a reader stopped early.</summary>
internal sealed class CountingStream(long length, bool throwOnRead = false, Exception? failure = null) : Stream
{
    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (failure is not null)
        {
            throw failure;
        }

        if (throwOnRead)
        {
            throw new InvalidOperationException("The body must not be read.");
        }

        var n = (int)Math.Min(buffer.Length, length - BytesRead);
        buffer[..n].Fill((byte)'{');
        BytesRead += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
