using System.Collections.Concurrent;

namespace P21.Connector.Poll;

/// <summary>
/// The es views each connection turned out not to have (P21 answered 404, 400 or 403 to the change probe), kept for the
/// life of the process: a deployment without the views, or without permission on them, costs one refused request per
/// view and connection, then polls as if no probe existed. A restart asks again (a view may have been added since).
/// </summary>
public sealed class ChangeProbeViews
{
    private readonly ConcurrentDictionary<(string Connection, string View), int> _missing = new(ConnectionViewComparer.Instance);

    /// <summary>Whether <paramref name="view"/> was found missing on <paramref name="connection"/>.</summary>
    public bool IsMissing(string connection, string view) => _missing.ContainsKey((connection, view));

    /// <summary>Remembers that <paramref name="view"/> is missing; true only the first time (so the caller logs once).</summary>
    public bool MarkMissing(string connection, string view) => _missing.TryAdd((connection, view), 0);

    private sealed class ConnectionViewComparer : IEqualityComparer<(string Connection, string View)>
    {
        public static readonly ConnectionViewComparer Instance = new();

        public bool Equals((string Connection, string View) x, (string Connection, string View) y) =>
            StringComparer.OrdinalIgnoreCase.Equals(x.Connection, y.Connection) && StringComparer.OrdinalIgnoreCase.Equals(x.View, y.View);

        public int GetHashCode((string Connection, string View) obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Connection), StringComparer.OrdinalIgnoreCase.GetHashCode(obj.View));
    }
}
