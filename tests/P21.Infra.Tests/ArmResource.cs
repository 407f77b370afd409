using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace P21.Infra.Tests;

/// <summary>One resource in a compiled ARM template, with the variables of the (nested) template that declares it.</summary>
internal sealed partial record ArmResource(string Type, JsonObject Node, JsonObject Variables)
{
    /// <summary>The resource's <c>properties</c> object (empty when absent or an expression).</summary>
    public JsonObject Properties => Node["properties"] as JsonObject ?? [];

    /// <summary>Replaces <c>variables('x')</c> with x's literal value when x is a plain string variable.</summary>
    public string ResolveVariables(string expression) =>
        VariableReference().Replace(expression, m =>
            Variables[m.Groups[1].Value] is JsonValue value && value.TryGetValue<string>(out var text) ? text : m.Value);

    /// <summary>Every resource in the template and in every nested deployment (Bicep modules), depth first.</summary>
    public static IEnumerable<ArmResource> All(JsonNode template)
    {
        var variables = template["variables"] as JsonObject ?? [];
        foreach (var resource in ResourcesOf(template))
        {
            var type = resource["type"]?.GetValue<string>() ?? "";
            yield return new ArmResource(type, resource, variables);
            if (type == "Microsoft.Resources/deployments" && resource["properties"]?["template"] is JsonNode nested)
            {
                foreach (var inner in All(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>Resources of one type, anywhere in the template.</summary>
    public static IReadOnlyList<ArmResource> OfType(JsonNode template, string type) =>
        All(template).Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase)).ToList();

    // languageVersion 2.0 (user-defined types) stores resources as an object keyed by symbolic name; 1.0 as an array.
    private static IEnumerable<JsonObject> ResourcesOf(JsonNode template) => template["resources"] switch
    {
        JsonObject byName => byName.Select(p => p.Value).OfType<JsonObject>(),
        JsonArray list => list.OfType<JsonObject>(),
        _ => [],
    };

    [GeneratedRegex(@"variables\('([A-Za-z0-9_]+)'\)")]
    private static partial Regex VariableReference();
}
