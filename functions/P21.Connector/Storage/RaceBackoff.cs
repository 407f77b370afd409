namespace P21.Connector.Storage;

/// <summary>The pause before retrying an ETag-conditional write that another worker beat.</summary>
/// <remarks>
/// Jittered and growing, so a crowd of writers on one row spreads out instead of colliding again. It is a pause,
/// not a clock read, so it does not go through TimeProvider (a fake clock in tests would never end it).
/// </remarks>
internal static class RaceBackoff
{
    public const int MaxAttempts = 16;

    public static Task DelayAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * Math.Min(attempt, 10))), cancellationToken);
}
