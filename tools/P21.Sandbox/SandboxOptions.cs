using System.ComponentModel.DataAnnotations;

namespace P21.Sandbox;

/// <summary>Settings of one sandbox instance; bound from the "Sandbox" configuration section when run standalone.</summary>
public sealed class SandboxOptions : IValidatableObject
{
    /// <summary>Seed of the deterministic data generator.</summary>
    public int Seed { get; set; } = 21;

    /// <summary>Number of seeded customers.</summary>
    [Range(1, 10_000_000)]
    public int Customers { get; set; } = 50;

    /// <summary>Number of seeded items (inv_mast rows).</summary>
    [Range(1, 10_000_000)]
    public int Items { get; set; } = 200;

    /// <summary>
    /// Also seed P21 "other charge" items (inv_mast.other_charge_item = 'Y', never stocked) that web orders put freight,
    /// fees, gift cards and discount lines on: FREIGHT, HANDLING, GIFTWRAP, FEE, GIFTCARD and DISCOUNT. Off by default so seeded item counts stay
    /// as configured.
    /// </summary>
    public bool OtherChargeItems { get; set; }

    /// <summary>Number of seeded warehouses (location rows).</summary>
    [Range(1, 50)]
    public int Locations { get; set; } = 3;

    /// <summary>Number of seeded sales orders (oe_hdr rows).</summary>
    [Range(0, 10_000_000)]
    public int SalesOrders { get; set; } = 100;

    /// <summary>Number of seeded purchase orders (po_hdr rows).</summary>
    [Range(0, 10_000_000)]
    public int PurchaseOrders { get; set; } = 20;

    /// <summary>Number of seeded vendors (each with its own supplier).</summary>
    [Range(1, 1_000_000)]
    public int Vendors { get; set; } = 10;

    /// <summary>Offset of the simulated server's local time; every stored timestamp is server-local.</summary>
    public TimeSpan UtcOffset { get; set; } = TimeSpan.FromHours(-5);

    /// <summary>Lifetime of issued tokens.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Lifetime of consumer-key tokens; null (the default) is P21's "Never Expire" key: ExpiresIn 630720000 and
    /// exp 2147483647.
    /// </summary>
    public TimeSpan? ConsumerKeyTokenLifetime { get; set; }

    /// <summary>
    /// When true, a login revokes the earlier tokens of the same user (consumer-key logins without a username count as
    /// one user): each P21 token call opens a middleware session that "may invalidate" the earlier ones. False by
    /// default because P21 only may, and a sandbox shared by several test clients would otherwise make them revoke
    /// each other in whatever order they run; tests of a client's one-token discipline turn it on.
    /// </summary>
    public bool InvalidateOlderTokensOnLogin { get; set; }

    /// <summary>
    /// Bind Transaction API bodies as P21's Json.NET does: a property whose name does not match exactly (e.g.
    /// lower-case <c>name</c>) is silently left unbound, so such an edit is skipped and an unbound Status is New, and
    /// a number or boolean is accepted as a string Value. False (the default) refuses both, so the mistake shows.
    /// </summary>
    public bool LenientTransactionBinding { get; set; }

    /// <summary>The one valid P21 user name.</summary>
    [Required]
    public string UserName { get; set; } = "api_user";

    /// <summary>The password of <see cref="UserName"/>.</summary>
    [Required]
    public string Password { get; set; } = "api_password";

    /// <summary>The one valid consumer key (ClientSecret of the client_credentials grant).</summary>
    [Required]
    public string ConsumerKey { get; set; } = "sandbox-consumer-key";

    /// <summary>Answer token requests in XML (&lt;TokenResponse&gt; with ExpiresIn), as some middleware does.</summary>
    public bool XmlTokenResponses { get; set; }

    /// <summary>
    /// Tables (and views) the API user lacks Dataservice permission on: OData reads of them with a user-credential token
    /// answer 403 "You are not authorized to access API"; consumer-key tokens are not affected.
    /// </summary>
    public ISet<string> DeniedTables { get; set; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Serve the <c>p21_view_es_*</c> "enterprise search" views (on by default). Off, they answer 404 and are absent
    /// from the view <c>$metadata</c>, as on a P21 whose OData service does not expose them.
    /// </summary>
    public bool EnterpriseSearchViews { get; set; } = true;

    /// <summary>SQLite file to use; null means a temporary file deleted on dispose.</summary>
    public string? DatabasePath { get; set; }

    /// <summary>Clock for timestamps and token lifetimes.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UtcOffset < TimeSpan.FromHours(-14) || UtcOffset > TimeSpan.FromHours(14) || UtcOffset.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            yield return new ValidationResult("UtcOffset must be whole minutes between -14:00 and +14:00.", [nameof(UtcOffset)]);
        }

        if (TokenLifetime <= TimeSpan.Zero)
        {
            yield return new ValidationResult("TokenLifetime must be positive.", [nameof(TokenLifetime)]);
        }

        if (ConsumerKeyTokenLifetime <= TimeSpan.Zero)
        {
            yield return new ValidationResult("ConsumerKeyTokenLifetime must be positive (or null for Never Expire).", [nameof(ConsumerKeyTokenLifetime)]);
        }

        if (TimeProvider is null)
        {
            yield return new ValidationResult("TimeProvider is required.", [nameof(TimeProvider)]);
        }
    }
}
