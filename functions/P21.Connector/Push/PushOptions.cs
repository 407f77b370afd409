namespace P21.Connector.Push;

/// <summary>Settings of the push flow (section <c>Push</c>): the storefronts P21 changes are pushed to. See docs/push.md.</summary>
public sealed class PushOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Push";

    /// <summary>The push targets by name (<c>Push:Targets:{name}</c>); the name is the parked records' source.</summary>
    public Dictionary<string, PushTargetOptions> Targets { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
