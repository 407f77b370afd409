using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

using Microsoft.Extensions.Time.Testing;

using P21.Connector.Connections;
using P21.Connector.Events;
using P21.Connector.Poll;
using P21.Connector.Storage;

namespace P21.Connector.Tests.Poll;

public class PollPropertyTests
{
    /// <summary>One step: a burst of writes (all in the same second, some committed late inside the overlap), then maybe a run.</summary>
    public sealed record Step(int[] Keys, int LateSeconds, bool Run, int PageSize);

    public static Arbitrary<Step[]> Steps() =>
        (from count in Gen.Choose(0, 40)
         from keys in Gen.Choose(1, 60).ArrayOf(count)
         from late in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(1, 299)))
         from run in Gen.Frequency((1, Gen.Constant(false)), (2, Gen.Constant(true)))
         from pageSize in Gen.Choose(1, 7)
         select new Step(keys, late, run, pageSize)).ArrayOf()
        .ToArbitrary();

    [Property(MaxTest = 300, Arbitrary = [typeof(PollPropertyTests)])]
    public void RunAsync_TiesPageBoundariesAndLateCommits_NoneMissedNoneTwice(Step[] steps)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var client = new FakeInventoryClient(TimeSpan.FromHours(2));
        var watermarks = new InMemoryWatermarkStore(time);
        var fingerprints = new InMemoryFingerprintStore();
        var sink = new InMemoryChangeSink();
        var overlap = new EntityPollOptions { Overlap = TimeSpan.FromMinutes(5) };
        var version = 0m;
        foreach (var step in steps)
        {
            // Same second for the whole burst: thousands of rows share a timestamp across the runs.
            var stamp = time.GetUtcNow().AddSeconds(-step.LateSeconds);
            foreach (var key in step.Keys)
            {
                client.Upsert(key % 3, key, ++version, stamp);
            }

            if (step.Run)
            {
                var runner = PollRunnerFactory.Create(new FakeClientProvider(client), watermarks, fingerprints, time, overlap, step.PageSize);
                runner.RunAsync(new PollRequest("fake", "inventory"), sink).GetAwaiter().GetResult();
            }

            time.Advance(TimeSpan.FromMilliseconds(400));
        }

        var final = PollRunnerFactory.Create(new FakeClientProvider(client), watermarks, fingerprints, time, overlap, 4);
        final.RunAsync(new PollRequest("fake", "inventory"), sink).GetAwaiter().GetResult();

        // None twice: every (record, state) once. None missed: the last event of every record is its final state.
        var events = sink.Events;
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        var lastBySubject = events.GroupBy(e => e.Subject).ToDictionary(g => g.Key, g => g.Last().Data.GetProperty("onHand").GetDecimal());
        var live = client.LiveQuantities();
        var wrong = live.Where(p => !lastBySubject.TryGetValue(p.Key, out var q) || q != p.Value).Select(p => $"{p.Key}={p.Value} got {(lastBySubject.TryGetValue(p.Key, out var q) ? q : -1)} history {string.Join(",", events.Where(e => e.Subject == p.Key).Select(e => e.Data.GetProperty("onHand").GetDecimal() + "@" + e.Time.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)))}").ToList();
        Assert.True(wrong.Count == 0, string.Join("; ", wrong) + " | steps: " + string.Join(" ", steps.Select(st => $"[{string.Join(",", st.Keys)}] late{st.LateSeconds} run{st.Run} p{st.PageSize}")));
        Assert.Equal(live.OrderBy(p => p.Key), lastBySubject.OrderBy(p => p.Key));
    }
}
