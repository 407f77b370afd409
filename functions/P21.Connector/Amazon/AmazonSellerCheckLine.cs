namespace P21.Connector.Amazon;

/// <summary>One check of <see cref="AmazonSellerCheck"/>: what was checked, whether it passed, what was seen, and the fix.</summary>
/// <param name="Name">What was checked (<c>login</c>, <c>seller</c>, <c>marketplace ATVPDKIKX0DER</c> …).</param>
/// <param name="Ok">Whether it passed.</param>
/// <param name="Detail">What Amazon answered, in a line.</param>
/// <param name="Remedy">What to change when it failed, naming the setting or the Seller Central step; else null.</param>
public sealed record AmazonSellerCheckLine(string Name, bool Ok, string Detail, string? Remedy = null);
