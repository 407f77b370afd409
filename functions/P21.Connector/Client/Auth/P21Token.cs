namespace P21.Connector.Client.Auth;

/// <summary>A bearer token and when to replace it. <see cref="ToString"/> never shows the token.</summary>
internal sealed class P21Token
{
    /// <summary>Renew this long before expiry at most…</summary>
    internal static readonly TimeSpan MaxRenewalLead = TimeSpan.FromMinutes(5);

    public P21Token(string accessToken, DateTimeOffset issuedAt, TimeSpan lifetime)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        AccessToken = accessToken;
        IssuedAt = issuedAt;
        ExpiresAt = issuedAt + lifetime;

        // …and never later than 90% of the lifetime, so short-lived tokens are renewed ahead too.
        TimeSpan lead = TimeSpan.FromTicks(Math.Min(MaxRenewalLead.Ticks, lifetime.Ticks / 10));
        RenewAt = ExpiresAt - lead;
    }

    public string AccessToken { get; }

    public DateTimeOffset IssuedAt { get; }

    public DateTimeOffset ExpiresAt { get; }

    /// <summary>From this instant callers get a freshly minted token.</summary>
    public DateTimeOffset RenewAt { get; }

    public override string ToString() => $"P21Token(issued {IssuedAt:O}, renew {RenewAt:O}, expires {ExpiresAt:O})";
}
