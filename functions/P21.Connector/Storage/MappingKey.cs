using System.Text;

namespace P21.Connector.Storage;

/// <summary>
/// The one place mapping keys are normalized, so a lookup finds what a set stored whatever the platform's spelling.
/// </summary>
/// <remarks>
/// Every key is trimmed. SKU and GL-account keys are also case-insensitive (upper-cased invariantly) with runs of
/// inner whitespace collapsed to one space: platforms and spreadsheets disagree on both, P21 item ids do not care.
/// Other kinds (customer ids, ship-to ids) are opaque platform identifiers and keep their case.
/// </remarks>
public static class MappingKey
{
    /// <summary>Normalizes <paramref name="key"/> for <paramref name="kind"/>.</summary>
    /// <exception cref="ArgumentException">The key is empty or only whitespace.</exception>
    public static string Normalize(MappingKind kind, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        string trimmed = key.Trim();
        if (trimmed.Length == 0)
        {
            throw new ArgumentException("A mapping key must not be empty or only whitespace.", nameof(key));
        }

        return kind == MappingKind.Sku || kind == MappingKind.GlAccount ? Fold(trimmed) : trimmed;
    }

    /// <summary>
    /// The key of a GL-account mapping for a settlement line, e.g. (<c>Order</c>, <c>ItemPrice</c>, <c>Principal</c>).
    /// </summary>
    public static string ForGlAccount(string transactionType, string amountType, string amountDescription)
    {
        ArgumentNullException.ThrowIfNull(transactionType);
        ArgumentNullException.ThrowIfNull(amountType);
        ArgumentNullException.ThrowIfNull(amountDescription);
        // '|' separates the parts, so it is escaped inside them (with '%' to keep the join unambiguous).
        static string Part(string value) => Fold(value.Trim()).Replace("%", "%25", StringComparison.Ordinal).Replace("|", "%7C", StringComparison.Ordinal);
        return $"{Part(transactionType)}|{Part(amountType)}|{Part(amountDescription)}";
    }

    private static string Fold(string value)
    {
        var builder = new StringBuilder(value.Length);
        bool inWhitespace = false;
        foreach (char c in value)
        {
            if (char.IsWhiteSpace(c))
            {
                inWhitespace = true;
                continue;
            }

            if (inWhitespace && builder.Length > 0)
            {
                builder.Append(' ');
            }

            inWhitespace = false;
            builder.Append(char.ToUpperInvariant(c));
        }

        return builder.ToString();
    }
}
