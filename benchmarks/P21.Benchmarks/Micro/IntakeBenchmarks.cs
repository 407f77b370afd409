using BenchmarkDotNet.Attributes;

using P21.Connector.Intake;

namespace P21.Benchmarks.Micro;

/// <summary>
/// One webhook through our intake: verify the signature, parse the platform payload into a write command, enqueue
/// into an in-memory queue. In-process; no HTTP server. Per-call percentiles: <c>bench intake-latency</c>.
/// </summary>
[MemoryDiagnoser]
public class IntakeBenchmarks
{
    private IntakeHarness _harness = null!;
    private IntakeRequest _request = null!;

    /// <summary>The platform whose sample order is sent.</summary>
    [Params("shopify", "woocommerce", "generic", "amazon")]
    public string Source { get; set; } = "shopify";

    /// <summary>Builds the intake and a freshly signed delivery (inside the 5-minute replay window).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _harness = new IntakeHarness();
        _request = IntakeHarness.Request(Source);
        if (_harness.Intake.AcceptAsync(_request, CancellationToken.None).GetAwaiter().GetResult() is not IntakeResult.Accepted)
        {
            throw new InvalidOperationException($"the {Source} sample was not accepted; the benchmark would measure a rejection");
        }
    }

    /// <summary>Frees the harness.</summary>
    [GlobalCleanup]
    public void Cleanup() => _harness.Dispose();

    /// <summary>Accepts one delivery.</summary>
    [Benchmark]
    public Task<IntakeResult> Accept() => _harness.Intake.AcceptAsync(_request, CancellationToken.None);
}
