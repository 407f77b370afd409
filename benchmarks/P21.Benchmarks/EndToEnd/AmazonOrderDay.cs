using System.Globalization;

using P21.Sandbox.Amazon;

namespace P21.Benchmarks.EndToEnd;

/// <summary>
/// One day of MFN orders for <see cref="SpApiFake"/>: <c>LastUpdateDate</c>s follow a daily curve (quiet at night, a
/// midday and an evening peak), placed deterministically by the curve's inverse, so every run sees the same day.
/// </summary>
internal static class AmazonOrderDay
{
    // Relative orders per hour, 00:00-23:00 UTC; the evening peak hour holds 10/128 of the day.
    private static readonly int[] HourlyWeights = [1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 8, 7, 7, 8, 9, 10, 9, 6, 4, 2];

    public static int PeakHourOrders(int orders) => (int)Math.Ceiling(orders * HourlyWeights.Max() / (double)HourlyWeights.Sum());

    /// <summary>Seeds <paramref name="orders"/> orders of 1-3 lines (cycling through <paramref name="skus"/>); returns their update times.</summary>
    public static List<DateTimeOffset> Seed(SpApiFake fake, DateTimeOffset day, int orders, IReadOnlyList<string> skus)
    {
        double total = HourlyWeights.Sum();
        var updates = new List<DateTimeOffset>(orders);
        for (int i = 0; i < orders; i++)
        {
            double target = (i + 0.5) / orders * total;
            int hour = 0;
            double before = 0;
            while (before + HourlyWeights[hour] < target)
            {
                before += HourlyWeights[hour++];
            }

            // Whole seconds: the fake (like Amazon) answers LastUpdateDate to the second.
            var update = day.AddHours(hour).AddSeconds(Math.Floor((target - before) / HourlyWeights[hour] * 3600));
            int lines = 1 + (i % 3);
            var items = Enumerable.Range(0, lines).Select(n => (skus[n % skus.Count], 1 + ((i + n) % 2), 12.50m * (1 + ((i + n) % 2)))).ToArray();
            fake.Seed(OrderId(i + 1), update, items: items);
            updates.Add(update);
        }

        return updates;
    }

    public static string OrderId(int n) => string.Create(CultureInfo.InvariantCulture, $"112-{n:D7}-{n * 7919L % 10_000_000:D7}");
}
