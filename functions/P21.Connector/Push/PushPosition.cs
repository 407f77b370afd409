using System.Globalization;

namespace P21.Connector.Push;

/// <summary>The last P21 change pushed for an item at a location (the value of a <see cref="Storage.MappingKind.PushPosition"/> mapping).</summary>
/// <param name="Time">The change event's time (when the row changed in P21).</param>
/// <param name="EventId">The change event's id.</param>
/// <param name="Quantity">The absolute quantity set.</param>
internal readonly record struct PushPosition(DateTimeOffset Time, string EventId, int Quantity)
{
    /// <summary><c>{time:O}|{event id}|{quantity}</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Time.ToUniversalTime():O}|{EventId}|{Quantity}");

    /// <summary>Reads a stored value; null when there is none or it is not one this code wrote.</summary>
    public static PushPosition? Parse(string? value)
    {
        string[] parts = value?.Split('|') ?? [];
        return parts.Length == 3
            && DateTimeOffset.TryParse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time)
            && int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int quantity)
            ? new PushPosition(time, parts[1], quantity)
            : null;
    }
}
