using System.Diagnostics;
using System.Globalization;

namespace P21.Benchmarks.EndToEnd;

/// <summary>
/// CPU seconds used by this process and by the sandbox process over an interval. On a shared, overloaded machine wall
/// time mostly measures the queue for a core; CPU time is what each side actually cost.
/// </summary>
internal sealed class CpuClock
{
    private readonly SandboxProcess _sandbox;
    private readonly TimeSpan _ours;
    private readonly TimeSpan _theirs;

    private CpuClock(SandboxProcess sandbox)
    {
        _sandbox = sandbox;
        _ours = Ours();
        _theirs = sandbox.CpuTime;
    }

    public static CpuClock Start(SandboxProcess sandbox) => new(sandbox);

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"CPU: bench process {(Ours() - _ours).TotalSeconds:F1} s, sandbox {(_sandbox.CpuTime - _theirs).TotalSeconds:F1} s");

    private static TimeSpan Ours()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
