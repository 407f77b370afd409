using P21.Connector.Client.Health;

namespace P21.Functions.Tests.Health;

/// <summary>
/// Answers with a fixed report (or throws). The trigger's only job is translating a report to HTTP,
/// so a stand-in for the real check keeps these tests about that translation.
/// </summary>
internal sealed class StubConnectionHealth(Func<CancellationToken, Task<HealthReport>> check) : IConnectionHealth
{
    public int Calls { get; private set; }

    public CancellationToken LastToken { get; private set; }

    public static StubConnectionHealth Returning(HealthReport report) => new(_ => Task.FromResult(report));

    public static StubConnectionHealth Throwing(Exception exception) => new(_ => Task.FromException<HealthReport>(exception));

    public Task<HealthReport> CheckAsync(CancellationToken cancellationToken = default)
    {
        Calls++;
        LastToken = cancellationToken;
        return check(cancellationToken);
    }
}
