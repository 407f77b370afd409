namespace P21.Connector.Intake;

/// <summary>What an inbound route carries.</summary>
public enum IntakeKind
{
    /// <summary><c>POST /api/orders/{source}</c>.</summary>
    Orders,

    /// <summary><c>POST /api/customers/{source}</c>.</summary>
    Customers,

    /// <summary><c>POST /api/purchase-orders</c> (source <c>generic</c>).</summary>
    PurchaseOrders,

    /// <summary><c>POST /api/settlements/{source}</c>.</summary>
    Settlements,
}

/// <summary>Route names of <see cref="IntakeKind"/>.</summary>
public static class IntakeKinds
{
    /// <summary>Parses a route name (<c>orders</c>, <c>customers</c>, <c>purchase-orders</c>, <c>settlements</c>).</summary>
    public static bool TryParse(string? value, out IntakeKind kind)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "orders":
                kind = IntakeKind.Orders;
                return true;
            case "customers":
                kind = IntakeKind.Customers;
                return true;
            case "purchase-orders":
                kind = IntakeKind.PurchaseOrders;
                return true;
            case "settlements":
                kind = IntakeKind.Settlements;
                return true;
            default:
                kind = default;
                return false;
        }
    }

    /// <summary>The route name of <paramref name="kind"/>.</summary>
    public static string Name(IntakeKind kind) => kind switch
    {
        IntakeKind.Orders => "orders",
        IntakeKind.Customers => "customers",
        IntakeKind.PurchaseOrders => "purchase-orders",
        IntakeKind.Settlements => "settlements",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
