using System.Diagnostics;
using System.Globalization;

using P21.Benchmarks.Micro;
using P21.Connector.Intake;

namespace P21.Benchmarks.EndToEnd;

/// <summary>
/// Per-call latency of our intake code per webhook (verify + parse + enqueue), timed call by call so p50/p99 are real
/// per-request percentiles (BenchmarkDotNet reports per-iteration means); sequential, in-process.
/// </summary>
internal static class IntakeLatencyBench
{
    public static async Task RunAsync(BenchArguments args, CancellationToken cancellationToken)
    {
        var calls = args.Number("calls", 20_000);
        using var harness = new IntakeHarness();
        foreach (var source in IntakeHarness.Sources)
        {
            var request = IntakeHarness.Request(source);
            for (var i = 0; i < 2_000; i++)
            {
                await Expect(harness.Intake.AcceptAsync(request, cancellationToken), source).ConfigureAwait(false);
            }

            var samples = new double[calls];
            var total = Stopwatch.StartNew();
            for (var i = 0; i < calls; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await Expect(harness.Intake.AcceptAsync(request, cancellationToken), source).ConfigureAwait(false);
                samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }

            total.Stop();
            Array.Sort(samples);
            var p99 = Percentile(samples, 0.99);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT intake {source}: {calls / total.Elapsed.TotalSeconds:F0} requests/s (one thread), p50 {Percentile(samples, 0.50):F3} ms, p99 {p99:F3} ms, max {samples[^1]:F3} ms; target p99 < 5 ms: {(p99 < 5 ? "met" : "MISSED")}; {MachineInfo.Load()}"));
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static async Task Expect(Task<IntakeResult> call, string source)
    {
        if (await call.ConfigureAwait(false) is not IntakeResult.Accepted)
        {
            throw new InvalidOperationException($"the {source} sample was rejected; the bench would measure a rejection");
        }
    }
}
