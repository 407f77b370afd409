using Microsoft.Extensions.Options;

namespace P21.Connector.Amazon;

/// <summary>
/// Checks <see cref="AmazonOptions"/> at start-up, each failure naming the setting path an operator edits
/// (<c>Amazon:MarketplaceIds is empty</c>). Hand-written: whether <c>Region</c> is needed depends on <c>Endpoint</c>, and an app with no Amazon setting at all
/// is not checked (<see cref="AmazonOptions.IsConfigured"/>).
/// </summary>
internal sealed class AmazonOptionsValidator : IValidateOptions<AmazonOptions>
{
    private const string S = AmazonOptions.SectionName;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AmazonOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsConfigured)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = Check(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> Check(AmazonOptions options)
    {
        if (AmazonAddress.SellingPartnerApi(options, out string? apiError) is null)
        {
            yield return string.IsNullOrWhiteSpace(options.Endpoint)
                ? $"{S}:Region {apiError} (or set {S}:Endpoint)"
                : $"{S}:Endpoint {apiError}";
        }

        if (AmazonAddress.Parse(options.TokenEndpoint, out string? tokenError) is null)
        {
            yield return $"{S}:TokenEndpoint {tokenError}";
        }

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            yield return $"{S}:ClientId is required (the LWA client identifier of the SP-API application)";
        }

        if (string.IsNullOrWhiteSpace(options.ClientSecretName))
        {
            yield return $"{S}:ClientSecretName is required (the name of the secret holding the LWA client secret, not the secret)";
        }

        if (string.IsNullOrWhiteSpace(options.RefreshTokenName))
        {
            yield return $"{S}:RefreshTokenName is required (the name of the secret holding the seller's refresh token, not the token)";
        }

        if (options.MarketplaceIds.Length == 0)
        {
            yield return $"{S}:MarketplaceIds is empty (at least one marketplace id, e.g. ATVPDKIKX0DER)";
        }

        for (int i = 0; i < options.MarketplaceIds.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(options.MarketplaceIds[i]))
            {
                yield return $"{S}:MarketplaceIds:{i} is empty";
            }
        }

        if (options.MaxAttempts is < 1 or > 20)
        {
            yield return $"{S}:MaxAttempts must be between 1 and 20, not {options.MaxAttempts}";
        }

        AmazonOrdersOptions orders = options.Orders;
        if (orders.Lookback <= TimeSpan.Zero || orders.Lookback > TimeSpan.FromDays(730))
        {
            yield return $"{S}:Orders:Lookback must be positive and at most 730 days, not {orders.Lookback}";
        }

        if (orders.Overlap < TimeSpan.Zero || orders.Overlap > TimeSpan.FromDays(1))
        {
            yield return $"{S}:Orders:Overlap must be between 0 and 1 day, not {orders.Overlap}";
        }

        if (orders.MaxRunDuration < TimeSpan.FromMinutes(1) || orders.MaxRunDuration > TimeSpan.FromHours(12))
        {
            yield return $"{S}:Orders:MaxRunDuration must be between 1 minute and 12 hours, not {orders.MaxRunDuration}";
        }

        AmazonSettlementsOptions settlements = options.Settlements;
        if (settlements.Lookback <= TimeSpan.Zero || settlements.Lookback > AmazonSettlementsOptions.MaxLookback)
        {
            // Amazon keeps reports 90 days; a longer createdSince would not list more, it would only hide the limit.
            yield return $"{S}:Settlements:Lookback must be positive and at most 90 days (getReports lists no older report), not {settlements.Lookback}";
        }

        TimeSpan returnsLookback = options.Returns.Lookback;
        if (returnsLookback <= TimeSpan.Zero || returnsLookback > AmazonReturnsOptions.MaxRange)
        {
            yield return $"{S}:Returns:Lookback must be positive and at most 60 days, not {returnsLookback}";
        }
    }
}
