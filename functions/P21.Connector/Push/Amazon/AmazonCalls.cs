using Microsoft.Extensions.Options;

using P21.Connector.Amazon;

namespace P21.Connector.Push.Amazon;

/// <summary>
/// What the Amazon adapters share: the seller id a target names (its <c>Address</c>), and SP-API failures in the push
/// flow's terms. <see cref="SpApiClient"/> has already retried 429s and 5xx; what still fails transiently is a
/// <see cref="PushTransientException"/> (the batch is redelivered), a refusal is a <see cref="PushRefusedException"/>
/// (parked), and refused Login with Amazon credentials a <see cref="PushCredentialException"/>.
/// </summary>
internal sealed class AmazonCalls(SpApiClient client, IOptionsMonitor<AmazonOptions> options)
{
    public SpApiClient Client => client;

    /// <summary>The seller id of <paramref name="target"/>; the Amazon client settings must be present.</summary>
    /// <exception cref="PushCredentialException">No <c>Amazon:*</c> setting is present.</exception>
    public string SellerId(PushTarget target)
    {
        if (!options.CurrentValue.IsConfigured)
        {
            throw new PushCredentialException($"{target.SettingPath} is an Amazon target, but no Amazon setting is present: set Amazon:Region, Amazon:ClientId, Amazon:ClientSecretName, Amazon:RefreshTokenName and Amazon:MarketplaceIds (docs/amazon.md).");
        }

        return target.Options.Address.Trim();
    }

    /// <summary>The first configured marketplace: where a listing patch and a shipment confirmation of an order without its own go.</summary>
    public string FirstMarketplace => options.CurrentValue.MarketplaceIds.Select(m => m.Trim()).FirstOrDefault(m => m.Length > 0) ?? "";

    /// <summary>Runs one SP-API call, turning its failures into the push flow's.</summary>
    public static async Task<T> RunAsync<T>(string what, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (AmazonAuthException e)
        {
            throw new PushCredentialException(e.Message, e);
        }
        catch (SpApiException e) when (SpApiRetry.IsTransient(e.Status))
        {
            throw new PushTransientException($"Amazon kept failing {what}: {e.Message}", e);
        }
        catch (SpApiException e)
        {
            throw new PushRefusedException($"Amazon refused {what}: {e.Message}");
        }
    }
}
