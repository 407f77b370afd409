using System.Text.Json.Nodes;
using System.Xml;

namespace P21.Infra.Tests;

/// <summary>
/// tools/servicebus-emulator/Config.json against the Service Bus entities the compiled Bicep deploys, and against the
/// emulator's own limits. Each check returns what it found wrong (empty = good), like <see cref="TemplateChecks"/>.
/// </summary>
internal static class EmulatorConfigChecks
{
    /// <summary>The one namespace name the emulator accepts (installer schema: <c>"enum": ["sbemulatorns"]</c>).</summary>
    public const string NamespaceName = "sbemulatorns";

    // Emulator maxima, from Azure/azure-service-bus-emulator-installer ServiceBus-Emulator/Schema/Config-schema.json
    // (commit 40fb40fb48a81b217b1aeacec46b39837b408841) and learn.microsoft.com/azure/service-bus-messaging/overview-emulator.
    public static readonly TimeSpan MaxTimeToLive = TimeSpan.FromHours(1);
    public static readonly TimeSpan MinTimeToLive = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MaxDuplicateDetectionWindow = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MinDuplicateDetectionWindow = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MaxLockDuration = TimeSpan.FromMinutes(5);
    public const int MaxDeliveryCountLimit = 10;
    public const int MaxEntities = 50;

    private const string QueueType = "Microsoft.ServiceBus/namespaces/queues";
    private const string TopicType = "Microsoft.ServiceBus/namespaces/topics";
    private const string SubscriptionType = "Microsoft.ServiceBus/namespaces/topics/subscriptions";

    /// <summary>How one Bicep property maps to Config.json: equal, or capped at the emulator's maximum.</summary>
    private sealed record Mapping(string Bicep, string Emulator, TimeSpan? Cap = null);

    private static readonly Mapping[] QueueMappings =
    [
        new("maxDeliveryCount", "MaxDeliveryCount"),
        new("lockDuration", "LockDuration"),
        new("requiresDuplicateDetection", "RequiresDuplicateDetection"),
        new("deadLetteringOnMessageExpiration", "DeadLetteringOnMessageExpiration"),
        new("requiresSession", "RequiresSession"),
        new("duplicateDetectionHistoryTimeWindow", "DuplicateDetectionHistoryTimeWindow", MaxDuplicateDetectionWindow),
        new("defaultMessageTimeToLive", "DefaultMessageTimeToLive", MaxTimeToLive),
    ];

    private static readonly Mapping[] TopicMappings =
    [
        new("requiresDuplicateDetection", "RequiresDuplicateDetection"),
        new("duplicateDetectionHistoryTimeWindow", "DuplicateDetectionHistoryTimeWindow", MaxDuplicateDetectionWindow),
        new("defaultMessageTimeToLive", "DefaultMessageTimeToLive", MaxTimeToLive),
    ];

    private static readonly Mapping[] SubscriptionMappings =
    [
        new("maxDeliveryCount", "MaxDeliveryCount"),
        new("lockDuration", "LockDuration"),
        new("deadLetteringOnMessageExpiration", "DeadLetteringOnMessageExpiration"),
        new("requiresSession", "RequiresSession"),
        new("defaultMessageTimeToLive", "DefaultMessageTimeToLive", MaxTimeToLive),
    ];

    /// <summary>
    /// Same queue, topic and subscription names as the Bicep; each mapped property equal to the Bicep value, or to
    /// min(Bicep, emulator maximum) where the emulator caps it. A property the Bicep leaves unset is not compared.
    /// </summary>
    public static IReadOnlyList<string> AgainstBicep(JsonNode config, JsonNode template)
    {
        var problems = new List<string>();
        var ns = Namespace(config, problems);
        if (ns is null)
        {
            return problems;
        }

        var bicepQueues = Deployed(template, QueueType).ToDictionary(q => q.ChildNames[^1], StringComparer.Ordinal);
        var bicepTopics = Deployed(template, TopicType).ToDictionary(t => t.ChildNames[^1], StringComparer.Ordinal);
        var bicepSubscriptions = Deployed(template, SubscriptionType).ToList();

        var queues = Entities(ns, "Queues");
        CompareNames(problems, "queues", bicepQueues.Keys, queues.Keys);
        foreach (var (name, queue) in queues)
        {
            if (bicepQueues.TryGetValue(name, out var bicep))
            {
                CompareProperties(problems, $"queue {name}", bicep, queue, QueueMappings);
            }
        }

        var topics = Entities(ns, "Topics");
        CompareNames(problems, "topics", bicepTopics.Keys, topics.Keys);
        foreach (var (name, topic) in topics)
        {
            if (!bicepTopics.TryGetValue(name, out var bicep))
            {
                continue;
            }

            CompareProperties(problems, $"topic {name}", bicep, topic, TopicMappings);
            // A copy loop (one push subscription per platform) is expected locally for every platform it may deploy.
            var bicepSubs = bicepSubscriptions.Where(s => s.ChildNames[0] == name)
                .SelectMany(s => s.CopyChildNames.Count > 0 ? s.CopyChildNames.Select(n => (Name: n, Resource: s)) : [(Name: s.ChildNames[^1], Resource: s)])
                .ToDictionary(s => s.Name, s => s.Resource, StringComparer.Ordinal);
            var subs = Entities(topic, "Subscriptions");
            CompareNames(problems, $"subscriptions of topic {name}", bicepSubs.Keys, subs.Keys);
            foreach (var (subName, sub) in subs)
            {
                if (bicepSubs.TryGetValue(subName, out var bicepSub))
                {
                    CompareProperties(problems, $"subscription {name}/{subName}", bicepSub, sub, SubscriptionMappings);
                }
            }
        }

        return problems;
    }

    /// <summary>Values the emulator would refuse or silently not honour: namespace name, counts, duration and count ranges.</summary>
    public static IReadOnlyList<string> EmulatorLimits(JsonNode config)
    {
        var problems = new List<string>();
        var ns = Namespace(config, problems);
        if (ns is null)
        {
            return problems;
        }

        Expect(problems, config["UserConfig"]?["Logging"]?["Type"] is not null, "UserConfig.Logging.Type is required by the emulator's schema");
        var queues = Entities(ns, "Queues");
        var topics = Entities(ns, "Topics");
        Expect(problems, queues.Count + topics.Count <= MaxEntities, $"{queues.Count + topics.Count} queues + topics; the emulator allows {MaxEntities}");

        foreach (var (name, entity) in queues)
        {
            CheckRanges(problems, $"queue {name}", entity["Properties"], minLock: TimeSpan.FromSeconds(5));
        }

        foreach (var (name, topic) in topics)
        {
            CheckRanges(problems, $"topic {name}", topic["Properties"], minLock: TimeSpan.FromSeconds(5));
            var subs = Entities(topic, "Subscriptions");
            Expect(problems, subs.Count is >= 1 and <= 50, $"topic {name} has {subs.Count} subscriptions; the emulator needs 1 to 50");
            foreach (var (subName, sub) in subs)
            {
                CheckRanges(problems, $"subscription {name}/{subName}", sub["Properties"], minLock: TimeSpan.FromMinutes(1));
            }
        }

        return problems;
    }

    private static JsonNode? Namespace(JsonNode config, List<string> problems)
    {
        var namespaces = config["UserConfig"]?["Namespaces"] as JsonArray ?? [];
        Expect(problems, namespaces.Count == 1, $"expected exactly 1 namespace in UserConfig.Namespaces (the emulator supports one), found {namespaces.Count}");
        var ns = namespaces.Count == 1 ? namespaces[0] : null;
        var name = ns?["Name"]?.GetValue<string>();
        Expect(problems, ns is null || name == NamespaceName, $"namespace is '{name}'; the emulator accepts only '{NamespaceName}'");
        return ns;
    }

    private static Dictionary<string, JsonNode> Entities(JsonNode parent, string collection) =>
        (parent[collection] as JsonArray ?? [])
            .OfType<JsonNode>()
            .GroupBy(e => e["Name"]?.GetValue<string>() ?? "")
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    private static List<ArmResource> Deployed(JsonNode template, string type) =>
        ArmResource.OfType(template, type).Where(r => r.Node["existing"]?.GetValue<bool>() != true).ToList();

    private static void CompareNames(List<string> problems, string what, IEnumerable<string> bicep, IEnumerable<string> emulator)
    {
        var expected = bicep.Order(StringComparer.Ordinal).ToList();
        var actual = emulator.Order(StringComparer.Ordinal).ToList();
        Expect(problems, expected.SequenceEqual(actual, StringComparer.Ordinal),
            $"Config.json {what} are [{string.Join(", ", actual)}]; infra-bicep/modules/servicebus.bicep declares [{string.Join(", ", expected)}]");
    }

    private static void CompareProperties(List<string> problems, string entity, ArmResource bicep, JsonNode emulatorEntity, Mapping[] mappings)
    {
        var properties = emulatorEntity["Properties"];
        foreach (var mapping in mappings)
        {
            var bicepValue = bicep.PropertyValue(mapping.Bicep);
            if (bicepValue is null)
            {
                continue;
            }

            var actual = properties?[mapping.Emulator];
            if (actual is null)
            {
                problems.Add($"{entity}: Config.json has no {mapping.Emulator}; Bicep sets {mapping.Bicep} = {bicepValue.ToJsonString()}");
                continue;
            }

            if (mapping.Cap is { } cap)
            {
                var bicepDuration = Duration(bicepValue);
                var expected = bicepDuration < cap ? bicepDuration : cap;
                Expect(problems, Duration(actual) == expected,
                    $"{entity}: {mapping.Emulator} is {actual.ToJsonString()}, expected {XmlConvert.ToString(expected)} "
                    + $"(Bicep {mapping.Bicep} {bicepValue.ToJsonString()}, capped at the emulator's maximum {XmlConvert.ToString(cap)})");
            }
            else if (bicepValue is JsonValue v && v.TryGetValue<string>(out var text) && text.StartsWith('P'))
            {
                Expect(problems, actual is JsonValue && Duration(actual) == XmlConvert.ToTimeSpan(text),
                    $"{entity}: {mapping.Emulator} is {actual.ToJsonString()}; Bicep {mapping.Bicep} is {bicepValue.ToJsonString()}");
            }
            else
            {
                Expect(problems, JsonNode.DeepEquals(actual, bicepValue),
                    $"{entity}: {mapping.Emulator} is {actual.ToJsonString()}; Bicep {mapping.Bicep} is {bicepValue.ToJsonString()}");
            }
        }
    }

    private static void CheckRanges(List<string> problems, string entity, JsonNode? properties, TimeSpan minLock)
    {
        if (properties?["MaxDeliveryCount"] is JsonValue count)
        {
            Expect(problems, count.GetValue<int>() is >= 1 and <= MaxDeliveryCountLimit, $"{entity}: MaxDeliveryCount {count} outside the emulator's 1-{MaxDeliveryCountLimit}");
        }

        CheckDuration(problems, entity, properties, "LockDuration", minLock, MaxLockDuration);
        CheckDuration(problems, entity, properties, "DefaultMessageTimeToLive", MinTimeToLive, MaxTimeToLive);
        CheckDuration(problems, entity, properties, "DuplicateDetectionHistoryTimeWindow", MinDuplicateDetectionWindow, MaxDuplicateDetectionWindow);
    }

    private static void CheckDuration(List<string> problems, string entity, JsonNode? properties, string name, TimeSpan min, TimeSpan max)
    {
        if (properties?[name] is not JsonValue value)
        {
            return;
        }

        var duration = Duration(value);
        Expect(problems, duration >= min && duration <= max,
            $"{entity}: {name} {value.ToJsonString()} outside the emulator's {XmlConvert.ToString(min)}-{XmlConvert.ToString(max)}");
    }

    // ISO 8601 durations (PT5M, P14D) as Bicep and the emulator write them; anything else reads as "not a duration".
    private static TimeSpan Duration(JsonNode node)
    {
        try
        {
            return XmlConvert.ToTimeSpan(node.GetValue<string>());
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException)
        {
            return TimeSpan.MinValue;
        }
    }

    private static void Expect(List<string> problems, bool condition, string problem)
    {
        if (!condition)
        {
            problems.Add(problem);
        }
    }
}
