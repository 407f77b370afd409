using System.Globalization;

namespace P21.Connector.Storage;

/// <summary>How far polling of one entity on one connection has got.</summary>
/// <param name="Connection">The P21 connection name.</param>
/// <param name="Entity">The polled entity (e.g. <c>customers</c>).</param>
/// <param name="Position">The P21 client's keyset position as opaque JSON (modified time in UTC plus key values); null before the first run.</param>
/// <param name="LastRunUtc">When a run last committed.</param>
/// <param name="RowsTotal">Rows published over all runs.</param>
public sealed record Watermark(string Connection, string Entity, string? Position, DateTimeOffset? LastRunUtc, long RowsTotal);

/// <summary>Exclusive right to advance one watermark until <see cref="ExpiresUtc"/>.</summary>
/// <param name="Connection">The P21 connection name.</param>
/// <param name="Entity">The polled entity.</param>
/// <param name="Owner">Who holds the lease; must be unique per runner (e.g. host instance id plus a GUID).</param>
/// <param name="ExpiresUtc">When other owners may take the lease over.</param>
/// <param name="Duration">How long each commit renews the lease for.</param>
/// <param name="Watermark">The watermark as it was when the lease was taken or last committed.</param>
/// <param name="Version">The row version (ETag) this lease is valid for; any other writer changes it.</param>
public sealed record WatermarkLease(
    string Connection,
    string Entity,
    string Owner,
    DateTimeOffset ExpiresUtc,
    TimeSpan Duration,
    Watermark Watermark,
    string Version)
{
    /// <summary>The one rule both stores apply: a lease can be taken when free, expired, or already ours.</summary>
    internal static bool CanTake(string? holder, DateTimeOffset? holderExpiresUtc, string owner, DateTimeOffset now) =>
        string.IsNullOrEmpty(holder) || holderExpiresUtc is null || holderExpiresUtc <= now || string.Equals(holder, owner, StringComparison.Ordinal);
}

/// <summary>The live holder of a watermark lease, as an operator needs it: who and until when.</summary>
/// <param name="Owner">The owner string (<see cref="LeaseOwner"/>: host, process, start time and a run id).</param>
/// <param name="ExpiresUtc">When the lease lapses unless its holder renews it.</param>
public sealed record LeaseHolder(string Owner, DateTimeOffset ExpiresUtc)
{
    /// <summary>"host X, process N (started …)" when the owner is in <see cref="LeaseOwner"/>'s form, else the owner as stored.</summary>
    public string Describe() => LeaseOwner.Describe(Owner);
}

/// <summary>
/// Lease owner strings that say who holds a lease: <c>{host}/{process id}/{process start, UTC}/{run id}</c>. The run id
/// keeps two runners of one process apart.
/// </summary>
public static class LeaseOwner
{
    /// <summary>An owner string for this process.</summary>
    public static string ForThisProcess()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        DateTimeOffset started;
        try
        {
            started = process.StartTime.ToUniversalTime();
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or System.ComponentModel.Win32Exception)
        {
            started = DateTimeOffset.UtcNow;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}/{Environment.ProcessId}/{started:yyyy-MM-ddTHH:mm:ssZ}/{Guid.NewGuid():N}");
    }

    /// <summary>A readable description of <paramref name="owner"/>.</summary>
    public static string Describe(string owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        string[] parts = owner.Split('/');
        return parts.Length == 4 ? $"host {parts[0]}, process {parts[1]} (started {parts[2]})" : owner;
    }
}
