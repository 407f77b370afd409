using System.Diagnostics;

namespace P21.Benchmarks.EndToEnd;

/// <summary>Samples this process's working set and managed heap every 50 ms and keeps the peaks.</summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peakWorkingSet;
    private long _peakManaged;

    public MemorySampler()
    {
        using var process = Process.GetCurrentProcess();
        BaselineWorkingSet = process.WorkingSet64;
        BaselineManaged = GC.GetTotalMemory(forceFullCollection: false);
        _loop = Task.Run(LoopAsync);
    }

    public long BaselineWorkingSet { get; }

    public long BaselineManaged { get; }

    public long PeakWorkingSet => Interlocked.Read(ref _peakWorkingSet);

    public long PeakManaged => Interlocked.Read(ref _peakManaged);

    /// <summary>The OS's own peak of the whole process (since start, so it includes set-up).</summary>
    public static long ProcessPeakWorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }

    public string Describe() =>
        $"peak working set {Mb(PeakWorkingSet)} MB (sampled; OS peak {Mb(ProcessPeakWorkingSet())} MB; {Mb(BaselineWorkingSet)} MB before the run), " +
        $"peak managed heap {Mb(PeakManaged)} MB ({Mb(BaselineManaged)} MB before)";

    public static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F0", System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var process = Process.GetCurrentProcess();
        while (!_stop.IsCancellationRequested)
        {
            process.Refresh();
            Max(ref _peakWorkingSet, process.WorkingSet64);
            Max(ref _peakManaged, GC.GetTotalMemory(forceFullCollection: false));
            await Task.Delay(50, _stop.Token).ConfigureAwait(false);
        }
    }

    private static void Max(ref long field, long value)
    {
        long current;
        while (value > (current = Interlocked.Read(ref field)) && Interlocked.CompareExchange(ref field, value, current) != current)
        {
        }
    }
}
