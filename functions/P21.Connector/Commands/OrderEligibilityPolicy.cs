namespace P21.Connector.Commands;

/// <summary>
/// The eligibility rules intake applies and the writer's dry run re-applies, read from section <c>Intake</c>; one class
/// so both slices bind the same keys without one slice reading the other's options.
/// </summary>
public class OrderEligibilityPolicy
{
    /// <summary>The configuration section the rules live in.</summary>
    public const string SectionName = "Intake";

    /// <summary>Which orders may be written (section <c>Intake:Eligibility</c>).</summary>
    public OrderEligibilityOptions Eligibility { get; set; } = new();

    /// <summary>Per-source replacements of <see cref="Eligibility"/>, by source name (e.g. <c>woocommerce</c>).</summary>
    public Dictionary<string, OrderEligibilityOptions> EligibilityBySource { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The eligibility rules of <paramref name="source"/>.</summary>
    public OrderEligibilityOptions EligibilityFor(string source) =>
        EligibilityBySource.TryGetValue(source, out var own) ? own : Eligibility;
}
