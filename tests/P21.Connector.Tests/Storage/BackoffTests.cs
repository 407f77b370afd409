using Microsoft.Extensions.Time.Testing;

using P21.Connector.Storage;

namespace P21.Connector.Tests.Storage;

public sealed class BackoffTests
{
    [Fact]
    public async Task WaitAsync_EndsWhenTheInjectedClockPassesThePause_NotBefore()
    {
        var time = new FakeTimeProvider();
        var backoff = new Backoff(time, new Random(7));

        Task pause = backoff.WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(1999));
        bool endedEarly = pause.IsCompleted;
        time.Advance(TimeSpan.FromMilliseconds(1));
        await pause.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(endedEarly);
        Assert.True(pause.IsCompletedSuccessfully);
    }

    [Fact]
    public void Pauses_SameSeed_SamePausesEveryRun()
    {
        static TimeSpan[] Draw(int seed)
        {
            var backoff = new Backoff(new FakeTimeProvider(), new Random(seed));
            return [.. Enumerable.Range(1, 12).Select(a => backoff.AfterLostRace(a)), .. Enumerable.Range(1, 8).Select(a => backoff.WhileClaimed(a, TimeSpan.FromMinutes(1)))];
        }

        Assert.Equal(Draw(3), Draw(3));
        Assert.NotEqual(Draw(3), Draw(4));
    }

    [Fact]
    public void AfterLostRace_GrowsWithTheAttemptAndStaysWithinItsCeiling()
    {
        var backoff = new Backoff(new FakeTimeProvider(), new Random(1));

        for (int attempt = 1; attempt <= Backoff.MaxRaceAttempts; attempt++)
        {
            TimeSpan pause = backoff.AfterLostRace(attempt);
            Assert.InRange(pause.TotalMilliseconds, 1, (10 * Math.Min(attempt, 10)) - 1);
        }
    }

    [Fact]
    public void WhileClaimed_DoublesToTwoSecondsPlusJitter_NeverBeyondTheBudgetLeft()
    {
        var backoff = new Backoff(new FakeTimeProvider(), new Random(1));

        Assert.InRange(backoff.WhileClaimed(1, TimeSpan.FromMinutes(1)).TotalMilliseconds, 200, 299);
        Assert.InRange(backoff.WhileClaimed(2, TimeSpan.FromMinutes(1)).TotalMilliseconds, 400, 499);
        Assert.InRange(backoff.WhileClaimed(9, TimeSpan.FromMinutes(1)).TotalMilliseconds, 2000, 2099);
        Assert.Equal(TimeSpan.FromMilliseconds(50), backoff.WhileClaimed(9, TimeSpan.FromMilliseconds(50)));
        Assert.Equal(TimeSpan.Zero, backoff.WhileClaimed(1, TimeSpan.Zero));
    }
}
