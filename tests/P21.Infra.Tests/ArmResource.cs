using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace P21.Infra.Tests;

/// <summary>One resource in a compiled ARM template, with the variables of the (nested) template that declares it.</summary>
internal sealed partial record ArmResource(string Type, JsonObject Node, JsonObject Variables)
{
    /// <summary>The (nested) template that declares the resource: its parameters and type definitions.</summary>
    public JsonObject Template { get; init; } = [];

    /// <summary>
    /// For a copy loop over an array parameter of string choices (<c>for p in pushPlatforms: {name: 'push-${toLower(p)}'}</c>),
    /// the entity name each allowed choice deploys, lower-cased: the loop deployed for every choice. Empty otherwise.
    /// </summary>
    public IReadOnlyList<string> CopyChildNames
    {
        get
        {
            var text = Node["name"] is JsonValue value && value.TryGetValue<string>(out var s) ? s : "";
            if (Node["copy"] is null || LoopName().Match(text) is not { Success: true } loop)
            {
                return [];
            }

            var parameter = Template["parameters"]?[loop.Groups[2].Value];
            var items = parameter?["items"];
            if (items?["$ref"]?.GetValue<string>() is { } reference)
            {
                items = Template["definitions"]?[reference.Split('/')[^1]];
            }

            return [.. (items?["allowedValues"] as JsonArray ?? []).Select(v => loop.Groups[1].Value + v!.GetValue<string>().ToLowerInvariant())];
        }
    }

    /// <summary>The resource's <c>properties</c> object (empty when absent or an expression).</summary>
    public JsonObject Properties => Node["properties"] as JsonObject ?? [];

    /// <summary>Replaces <c>variables('x')</c> with x's literal value when x is a plain string variable.</summary>
    public string ResolveVariables(string expression) =>
        VariableReference().Replace(expression, m =>
            Variables[m.Groups[1].Value] is JsonValue value && value.TryGetValue<string>(out var text) ? text : m.Value);

    /// <summary>
    /// The resource the <c>scope</c> property points at, read from its <c>[resourceId('type', name1, name2, ...)]</c>
    /// expression: the exact resource type and each name argument, with plain string variables resolved (parameters stay
    /// as <c>parameters('x')</c>). Null when there is no scope (the assignment then applies to the whole resource group) or
    /// when it is not a resourceId expression.
    /// </summary>
    public ArmScope? Scope =>
        Node["scope"] is JsonValue value && value.TryGetValue<string>(out var text) && ResourceIdCall().Match(text) is { Success: true } call
            ? new ArmScope(call.Groups[1].Value, SplitArguments(call.Groups[2].Value).Select(ResolveArgument).ToList())
            : null;

    /// <summary>
    /// The entity names below the parent in <c>name</c> (<c>[format('{0}/{1}', parameters('name'), variables('q'))]</c> or
    /// <c>ns/q</c>), with plain string variables resolved: a queue gives [queue], a subscription [topic, subscription].
    /// </summary>
    public IReadOnlyList<string> ChildNames
    {
        get
        {
            var text = Node["name"] is JsonValue value && value.TryGetValue<string>(out var s) ? s : "";
            var full = FormatCall().Match(text) is { Success: true } call
                ? string.Format(System.Globalization.CultureInfo.InvariantCulture, call.Groups[1].Value,
                    [.. SplitArguments(call.Groups[2].Value).Select(ResolveArgument)])
                : text;
            return full.Split('/').Skip(1).ToList();
        }
    }

    /// <summary>A property's value, with a <c>[variables('x')]</c> expression replaced by x's value (any JSON type).</summary>
    public JsonNode? PropertyValue(string property)
    {
        var node = Properties[property];
        return node is JsonValue v && v.TryGetValue<string>(out var s) && VariableOnly().Match(s) is { Success: true } m
            ? Variables[m.Groups[1].Value]
            : node;
    }

    private string ResolveArgument(string argument) =>
        VariableOnlyArgument().Match(argument) is { Success: true } m && Variables[m.Groups[1].Value] is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : argument;

    // ", 'a', parameters('b'), variables('c')" → ["'a'", "parameters('b')", "variables('c')"]; Bicep never nests commas here.
    private static IEnumerable<string> SplitArguments(string arguments) =>
        arguments.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Every resource in the template and in every nested deployment (Bicep modules), depth first.</summary>
    public static IEnumerable<ArmResource> All(JsonNode template)
    {
        var variables = template["variables"] as JsonObject ?? [];
        foreach (var resource in ResourcesOf(template))
        {
            var type = resource["type"]?.GetValue<string>() ?? "";
            yield return new ArmResource(type, resource, variables) { Template = template as JsonObject ?? [] };
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

    [GeneratedRegex(@"^\[variables\('([A-Za-z0-9_]+)'\)\]$")]
    private static partial Regex VariableOnly();

    [GeneratedRegex(@"^variables\('([A-Za-z0-9_]+)'\)$")]
    private static partial Regex VariableOnlyArgument();

    [GeneratedRegex(@"^\[resourceId\('([^']+)'((?:,[^,]+)*)\)\]$")]
    private static partial Regex ResourceIdCall();

    [GeneratedRegex(@"^\[format\('([^']+)'((?:,[^,]+)*)\)\]$")]
    private static partial Regex FormatCall();

    [GeneratedRegex(@"format\('([^'{}]*)\{0\}', toLower\(parameters\('(\w+)'\)\[copyIndex\(\)\]\)\)")]
    private static partial Regex LoopName();
}

/// <summary>What a role assignment is scoped to: an exact resource type and its name arguments (outermost first).</summary>
internal sealed record ArmScope(string Type, IReadOnlyList<string> Names)
{
    public override string ToString() => $"{Type} [{string.Join(", ", Names)}]";
}
