using System.Globalization;

namespace P21.Sandbox.Data;

/// <summary>
/// Deterministic product facts of an industrial fastener wholesaler. Every attribute is a pure function of the
/// item number, so orders can price lines without keeping the item list in memory.
/// </summary>
internal static class FastenerCatalog
{
    private static readonly (string Code, string Name, string Group, decimal Base, bool Packed)[] Families =
    [
        ("HCS", "Hex Cap Screw", "BOLTS", 0.18m, false),
        ("CB", "Carriage Bolt", "BOLTS", 0.21m, false),
        ("SHCS", "Socket Head Cap Screw", "SCREWS", 0.32m, false),
        ("LAG", "Hex Lag Screw", "SCREWS", 0.16m, false),
        ("SMS", "Sheet Metal Screw", "SCREWS", 0.05m, false),
        ("HN", "Hex Nut", "NUTS", 4.10m, true),
        ("NLN", "Nylon Insert Lock Nut", "NUTS", 7.25m, true),
        ("FW", "Flat Washer", "WASHERS", 2.40m, true),
        ("LW", "Split Lock Washer", "WASHERS", 2.95m, true),
        ("WA", "Wedge Anchor", "ANCHORS", 0.62m, false),
        ("SA", "Sleeve Anchor", "ANCHORS", 0.48m, false),
        ("TR", "Threaded Rod", "ROD", 3.80m, false),
    ];

    private static readonly (string Size, decimal Factor)[] Sizes =
    [
        ("1/4-20", 1.0m), ("5/16-18", 1.3m), ("3/8-16", 1.6m), ("1/2-13", 2.4m), ("5/8-11", 3.5m), ("3/4-10", 4.9m), ("#10-24", 0.7m), ("M8X1.25", 1.4m), ("M10X1.5", 1.9m),
    ];

    private static readonly (string Length, decimal Factor)[] Lengths = [("1", 1.0m), ("1-1/2", 1.2m), ("2", 1.4m), ("3", 1.8m), ("4", 2.2m), ("6", 3.0m)];

    private static readonly string[] Packs = ["PK100", "PK250", "PK500", "PK1000", "BX50", "BX25"];

    private static readonly (string Code, string Name, decimal Factor)[] Finishes = [("ZP", "Zinc", 1.0m), ("HDG", "Galv", 1.25m), ("SS", "18-8 SS", 2.6m), ("PL", "Plain", 0.85m)];

    public static int Combinations => Families.Length * Sizes.Length * Lengths.Length * Finishes.Length;

    public static string ItemId(int index)
    {
        (var family, var size, int length, var finish, int cycle) = Decompose(index);
        string middle = family.Packed ? Packs[length] : $"X{Lengths[length].Length}";
        string id = family.Packed ? $"{family.Code} {size.Size} {finish.Code} {middle}" : $"{family.Code} {size.Size}{middle} {finish.Code}";
        return cycle == 0 ? id : $"{id}-{cycle.ToString(CultureInfo.InvariantCulture)}";
    }

    public static string Description(int index)
    {
        (var family, var size, int length, var finish, _) = Decompose(index);
        string text = family.Packed ? $"{family.Name} {size.Size} {finish.Name} {Packs[length]}" : $"{family.Name} {size.Size} x {Lengths[length].Length} {finish.Name}";
        return text.Length <= 40 ? text : text[..40];
    }

    public static string ProductGroup(int index) => Decompose(index).Family.Group;

    /// <summary>Every product group the items use (inv_mast.default_product_group, inv_loc.product_group_id), once each.</summary>
    public static IReadOnlyList<string> ProductGroups { get; } = [.. Families.Select(static f => f.Group).Distinct(StringComparer.Ordinal)];

    public static string Unit(int index) => Decompose(index).Family.Packed ? "PK" : "EA";

    /// <summary>List price (price1) of an item.</summary>
    public static decimal Price(int index)
    {
        (var family, var size, int length, var finish, _) = Decompose(index);
        decimal lengthFactor = family.Packed ? 1m + (length * 0.5m) : Lengths[length].Factor;
        return Math.Round(family.Base * size.Factor * lengthFactor * finish.Factor, 2) + 0.05m;
    }

    public static decimal Weight(int index) => Math.Round(Price(index) * 0.11m, 3);

    private static ((string Code, string Name, string Group, decimal Base, bool Packed) Family, (string Size, decimal Factor) Size, int Length, (string Code, string Name, decimal Factor) Finish, int Cycle) Decompose(int index)
    {
        int n = index - 1;
        int cycle = n / Combinations;
        n %= Combinations;
        int family = n % Families.Length;
        n /= Families.Length;
        int size = n % Sizes.Length;
        n /= Sizes.Length;
        int length = n % Lengths.Length;
        n /= Lengths.Length;
        return (Families[family], Sizes[size], length, Finishes[n % Finishes.Length], cycle);
    }
}
