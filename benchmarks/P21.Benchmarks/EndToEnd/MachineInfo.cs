using System.Runtime.InteropServices;

namespace P21.Benchmarks.EndToEnd;

/// <summary>What the figures were measured on, and how busy the machine was (every figure is printed next to the load).</summary>
internal static class MachineInfo
{
    public static string Describe() =>
        $"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.ProcessArchitecture}; {Load()}";

    /// <summary>The 1/5/15-minute load averages (Linux), like <c>uptime</c>.</summary>
    public static string Load()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"load average {parts[0]}, {parts[1]}, {parts[2]}";
        }
        catch (IOException)
        {
            return "load average unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "load average unknown";
        }
    }
}
