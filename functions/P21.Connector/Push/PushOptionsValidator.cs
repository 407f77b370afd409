using System.Globalization;
using System.Text.RegularExpressions;

using Microsoft.Extensions.Options;

namespace P21.Connector.Push;

/// <summary>
/// Checks <see cref="PushOptions"/> at start-up, each failure naming the setting path an operator edits
/// (<c>Push:Targets:shop1:Locations is empty</c>). Hand-written rather than source-generated: the targets are a
/// dictionary keyed by name, and DataAnnotations would name <c>PushTargetOptions.Locations</c> without the target.
/// </summary>
internal sealed partial class PushOptionsValidator : IValidateOptions<PushOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, PushOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        foreach ((string targetName, PushTargetOptions? target) in options.Targets.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            string path = $"{PushOptions.SectionName}:Targets:{targetName}";
            if (target is null)
            {
                failures.Add($"{path} is empty");
                continue;
            }

            failures.AddRange(Check(path, target));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> Check(string path, PushTargetOptions target)
    {
        if (target.Platform is not { } platform || !Enum.IsDefined(platform))
        {
            yield return $"{path}:Platform is required: one of {string.Join(", ", Enum.GetNames<PushPlatform>())}";
            yield break;
        }

        if (string.IsNullOrWhiteSpace(target.Connection))
        {
            yield return $"{path}:Connection is required (the P21 connection whose changes are pushed)";
        }

        if (PushAddress.BaseUri(platform, target.Address, out string? addressError) is null)
        {
            yield return $"{path}:Address {addressError}";
        }

        if (platform == PushPlatform.Amazon)
        {
            if (target.Pushes(PushEntities.OrderStatus))
            {
                // Unset Entities means all three, so an Amazon target has to name what it pushes.
                yield return $"{path}:Entities must not hold {PushEntities.OrderStatus} for Amazon, nor be unset (which means all three): a seller cancels an Amazon order in Seller Central or an order feed, not through an API call; set Entities to inventory and/or shipments";
            }
        }
        else if (string.IsNullOrWhiteSpace(target.CredentialSecret))
        {
            yield return $"{path}:CredentialSecret is required (the name of the secret, not the secret)";
        }

        if (target.Locations.Count == 0 && target.Pushes(PushEntities.Inventory))
        {
            yield return $"{path}:Locations is empty (map each pushed P21 location_id to a platform location)";
        }

        foreach ((string p21Location, string? platformLocation) in target.Locations)
        {
            if (string.IsNullOrWhiteSpace(platformLocation))
            {
                yield return $"{path}:Locations:{p21Location} is empty";
            }
            else if (platform == PushPlatform.BigCommerce && !long.TryParse(platformLocation, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                yield return $"{path}:Locations:{p21Location} must be a BigCommerce location id (a whole number), not '{platformLocation}'";
            }
            else if (platform == PushPlatform.Shopify && !platformLocation.StartsWith("gid://shopify/Location/", StringComparison.Ordinal))
            {
                yield return $"{path}:Locations:{p21Location} must be a Shopify location GID (gid://shopify/Location/…), not '{platformLocation}'";
            }
        }

        foreach (var shared in target.Locations.Where(l => !string.IsNullOrWhiteSpace(l.Value)).GroupBy(l => l.Value.Trim(), StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            // Absolute quantities: two P21 locations on one platform location would overwrite each other, never add up.
            yield return $"{path}:Locations maps P21 locations {string.Join(", ", shared.Select(l => l.Key).Order(StringComparer.Ordinal))} to the same platform location '{shared.Key}'; each platform location takes one P21 location";
        }

        foreach (string entity in target.Entities.Where(e => !PushEntities.Known.Contains(e, StringComparer.OrdinalIgnoreCase)))
        {
            yield return $"{path}:Entities holds '{entity}', which is not pushed (known: {string.Join(", ", PushEntities.Known)})";
        }

        if (!Enum.IsDefined(target.OnCancel))
        {
            yield return $"{path}:OnCancel must be one of {string.Join(", ", Enum.GetNames<CancelMode>())}";
        }

        foreach ((string carrier, string? name) in target.Carriers.Where(c => string.IsNullOrWhiteSpace(c.Value)))
        {
            yield return $"{path}:Carriers:{carrier} is empty (the carrier's name on the platform, e.g. UPS)";
        }

        if (platform == PushPlatform.Shopify && !ApiVersionPattern().IsMatch(target.ShopifyApiVersion))
        {
            yield return $"{path}:ApiVersion must look like 2026-04, not '{target.ApiVersion}'";
        }
    }

    [GeneratedRegex(@"^\d{4}-(01|04|07|10)$", RegexOptions.CultureInvariant)]
    private static partial Regex ApiVersionPattern();
}
