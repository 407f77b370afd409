using P21.Connector.Events.Records;

namespace P21.Connector.Poll.Availability;

/// <summary>Live stock of one item across the locations that stock it.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Locations">One level per <c>inv_loc</c> row, ordered by location id.</param>
/// <param name="RetrievedUtc">When the quantities were read from P21 (a cached answer keeps its original time).</param>
public sealed record ItemAvailability(string ItemId, IReadOnlyList<InventoryLevel> Locations, DateTimeOffset RetrievedUtc)
{
    /// <summary>Sum of <see cref="InventoryLevel.Available"/> over the locations.</summary>
    public decimal TotalAvailable => Locations.Sum(l => l.Available);

    /// <summary>Sum of <see cref="InventoryLevel.OnHand"/> over the locations.</summary>
    public decimal TotalOnHand => Locations.Sum(l => l.OnHand);
}
