using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace P21.Sandbox.OData;

/// <summary>
/// Rewrites the OData v3 spellings older P21 clients send (Data Services v1, the Entity API's <c>$query</c>) into v4 for
/// the one parser: <c>substringof('x', col)</c> → <c>contains(col, 'x')</c>, <c>datetime'…'</c> → a v4 date-time in the
/// server's offset, the decimal and long suffixes <c>M</c>/<c>L</c> dropped. Quoted strings are never touched.
/// </summary>
internal static partial class V3Filter
{
    public static string ToV4(string filter, TimeSpan serverOffset, Func<string, string>? name = null)
    {
        string offset = (serverOffset < TimeSpan.Zero ? "-" : "+") + serverOffset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);
        string text = SubstringOf().Replace(filter, static m => $"contains({m.Groups["prop"].Value},{m.Groups["text"].Value})");
        var v4 = new StringBuilder(text.Length);
        foreach (Match token in Token().Matches(text))
        {
            if (token.Groups["datetime"].Success)
            {
                v4.Append(token.Groups["datetime"].Value.Replace("''", "'", StringComparison.Ordinal)).Append(offset);
            }
            else if (token.Groups["number"].Success)
            {
                v4.Append(token.Groups["number"].Value);
            }
            else if (token.Groups["name"].Success && name is not null)
            {
                v4.Append(name(token.Value));
            }
            else
            {
                v4.Append(token.Value);
            }
        }

        return v4.ToString();
    }

    [GeneratedRegex(@"substringof\(\s*(?<text>'(?:[^']|'')*')\s*,\s*(?<prop>[A-Za-z_][A-Za-z0-9_]*)\s*\)", RegexOptions.IgnoreCase, 1000)]
    private static partial Regex SubstringOf();

    [GeneratedRegex(@"datetime'(?<datetime>[^']*)'|'(?:[^']|'')*'|(?<number>\d+(?:\.\d+)?)[mMlL]\b|(?<name>[A-Za-z_][A-Za-z0-9_]*)|\d+(?:\.\d+)?|[^'A-Za-z_\d]+", RegexOptions.None, 1000)]
    private static partial Regex Token();
}
