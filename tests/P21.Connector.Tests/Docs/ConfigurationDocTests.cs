using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

using P21.Connector.Amazon;
using P21.Connector.Commands;
using P21.Connector.Intake;
using P21.Connector.Poll;
using P21.Connector.Poll.Pricing;
using P21.Connector.Write;

namespace P21.Connector.Tests.Docs;

/// <summary>
/// docs/configuration.md and the options classes agree: every scalar setting is documented, and the documented default
/// is the one the code has (a doc that said 5 minutes where the code said 1 misled operators).
/// </summary>
public partial class ConfigurationDocTests
{
    private static readonly Lazy<Dictionary<string, string>> Documented = new(ReadDocumentedDefaults);

    public static TheoryData<string> Sections() => ["P21:Polling", "Writer", "Intake", "Intake:Eligibility", "Intake:Shopify", "Intake:BigCommerce", "Amazon", "Amazon:Orders", "Amazon:Settlements", "Amazon:Returns", "P21:Pricing"];

    private static object Instance(string section) => section switch
    {
        "P21:Polling" => new PollOptions(),
        "Writer" => new WriterOptions(),
        "Intake" => new IntakeOptions(),
        "Intake:Eligibility" => new OrderEligibilityOptions(),
        "Intake:Shopify" => new ShopifyIntakeOptions(),
        "Intake:BigCommerce" => new BigCommerceIntakeOptions(),
        "Amazon" => new AmazonOptions(),
        "Amazon:Orders" => new AmazonOrdersOptions(),
        "Amazon:Settlements" => new AmazonSettlementsOptions(),
        "Amazon:Returns" => new AmazonReturnsOptions(),
        "P21:Pricing" => new PricingOptions(),
        _ => throw new ArgumentOutOfRangeException(nameof(section), section, null),
    };

    [Theory]
    [MemberData(nameof(Sections))]
    public void EveryScalarSetting_IsDocumentedWithTheDefaultTheCodeHas(string section)
    {
        object options = Instance(section);
        List<string> problems = [];
        int checkedSettings = 0;
        foreach (PropertyInfo property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && IsScalar(p.PropertyType)))
        {
            string key = $"{section}:{property.Name}";
            if (!Documented.Value.TryGetValue(key, out string? documented))
            {
                problems.Add($"{key} is not in docs/configuration.md");
                continue;
            }

            checkedSettings++;
            string? actual = Format(property.GetValue(options));
            bool noDefault = documented.StartsWith("unset", StringComparison.Ordinal) || documented == "**required**";
            if (noDefault ? !string.IsNullOrEmpty(actual) : !string.Equals(documented, actual, StringComparison.Ordinal))
            {
                problems.Add($"{key}: docs say {documented}, the code says {actual ?? "null"}");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.True(checkedSettings > 0);
    }

    private static bool IsScalar(Type type)
    {
        Type t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(string) || t == typeof(bool) || t == typeof(int) || t == typeof(TimeSpan) || t.IsEnum || t == typeof(Uri);
    }

    private static string? Format(object? value) => value switch
    {
        null => null,
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        Uri uri => uri.OriginalString,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    // Rows are "| `Key` (, `Key2` …) | meaning | default (, default2 …) |"; a later key without a section belongs to the first key's.
    private static Dictionary<string, string> ReadDocumentedDefaults()
    {
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "P21Functions.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        }

        Dictionary<string, string> defaults = new(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(Path.Combine(root, "docs", "configuration.md")))
        {
            string[] cells = line.Split(" | ");
            if (!line.StartsWith("| `", StringComparison.Ordinal) || cells.Length < 3)
            {
                continue;
            }

            string[] keys = [.. Backticked().Matches(cells[0]).Select(m => m.Groups[1].Value)];
            string last = cells[^1].TrimEnd(' ', '|');
            string[] values = last.Split(", ");
            string? parent = keys.Length > 0 && keys[0].Contains(':', StringComparison.Ordinal) ? keys[0][..keys[0].LastIndexOf(':')] : null;
            for (int i = 0; i < keys.Length; i++)
            {
                string key = keys[i].Contains(':', StringComparison.Ordinal) || parent is null ? keys[i] : $"{parent}:{keys[i]}";
                string value = (keys.Length == values.Length ? values[i] : last).Trim();
                defaults[key] = Backticked().Match(value) is { Success: true } m && m.Index == 0 ? m.Groups[1].Value : value.Split(' ')[0];
            }
        }

        return defaults;
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();
}
