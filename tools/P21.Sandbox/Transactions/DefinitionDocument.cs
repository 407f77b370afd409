using System.Globalization;

namespace P21.Sandbox.Transactions;

/// <summary>
/// What <c>GET /api/v2/definition/{service}</c> answers, as untidy as real P21's: the template wrapped in
/// <c>TransactionSet</c>, and for Order the window's whole breadth (about 100 data elements, 1,200 fields: every tab
/// of Order Entry) around the two elements the sandbox models. <c>Required</c> is copied from the window, not from
/// what a save needs, so it misleads the way P21's does (README "Where the sandbox chose").
/// </summary>
internal static class DefinitionDocument
{
    private const int OrderElements = 100;
    private const int OrderFields = 1200;

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<DataElementDefinition>> Breadth = new Dictionary<string, IReadOnlyList<DataElementDefinition>>(StringComparer.Ordinal)
    {
        ["Order"] = Tabs(ServiceCatalog.Services["Order"], OrderElements, OrderFields),
    };

    public static ServiceDefinitionResponse For(TransactionDefinition service)
    {
        IReadOnlyList<DataElementDefinition> more = Breadth.GetValueOrDefault(service.Name) ?? [];
        var whole = new TransactionDefinition(service.Name, [.. service.DataElementDefinitions, .. more]);
        return new ServiceDefinitionResponse(service.Name, whole, new DefinitionTemplate(ServiceCatalog.Template(whole)));
    }

    /// <summary>Whether a data element is one of the window's tabs the sandbox lists but does not model.</summary>
    public static bool IsUnmodelledTab(TransactionDefinition service, string? element) =>
        Breadth.TryGetValue(service.Name, out IReadOnlyList<DataElementDefinition>? tabs) && tabs.Any(t => string.Equals(t.Name, element, StringComparison.Ordinal));

    private static List<DataElementDefinition> Tabs(TransactionDefinition modelled, int elements, int fields)
    {
        int extraElements = elements - modelled.DataElementDefinitions.Count;
        int extraFields = fields - modelled.DataElementDefinitions.Sum(static e => e.FieldDefinitions.Count);
        var tabs = new List<DataElementDefinition>(extraElements);
        for (int n = 0; n < extraElements; n++)
        {
            string tab = (n + 2).ToString(CultureInfo.InvariantCulture);
            int count = (extraFields / extraElements) + (n < extraFields % extraElements ? 1 : 0);
            tabs.Add(new DataElementDefinition($"TABPAGE_{tab}.tp_{tab}_dw_{tab}", n % 3 == 0 ? "List" : "Form", $"oe_hdr_tab_{tab}", [],
                [.. Enumerable.Range(1, count).Select(k => new FieldDefinition($"tp_{tab}_field_{k.ToString(CultureInfo.InvariantCulture)}", $"tab_{tab}_col_{k.ToString(CultureInfo.InvariantCulture)}",
                    k % 4 == 0 ? "Decimal" : "Char", Required: k % 9 == 0, Disabled: k % 7 == 0, []))]));
        }

        return tabs;
    }
}

/// <summary>The definition's template: the request skeleton, wrapped as P21 wraps it.</summary>
internal sealed record DefinitionTemplate(TransactionRequest TransactionSet);
