using Microsoft.Extensions.Options;

namespace P21.Connector.Storage;

/// <summary>Checks <see cref="StorageOptions"/> at start-up and says what to fix.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        bool hasConnectionString = !string.IsNullOrWhiteSpace(options.ConnectionString);
        bool hasUris = options.TableServiceUri is not null || options.QueueServiceUri is not null;

        if (options.MaxInlineCommandBytes < 1024)
        {
            failures.Add("Storage: Storage:MaxInlineCommandBytes must be at least 1024 (commands above it travel by claim check).");
        }

        if (hasConnectionString && hasUris)
        {
            failures.Add("Storage: set either Storage:ConnectionString or Storage:TableServiceUri/QueueServiceUri, not both.");
        }
        else if (!hasConnectionString && !hasUris)
        {
            failures.Add("Storage: set Storage:ConnectionString (e.g. 'UseDevelopmentStorage=true' for Azurite, or 'memory'), "
                + "or Storage:TableServiceUri and Storage:QueueServiceUri with a managed identity.");
        }
        else if (hasUris)
        {
            if (options.TableServiceUri is null)
            {
                failures.Add("Storage:TableServiceUri is missing (e.g. https://<account>.table.core.windows.net).");
            }

            if (options.QueueServiceUri is null)
            {
                failures.Add("Storage:QueueServiceUri is missing (e.g. https://<account>.queue.core.windows.net).");
            }

            foreach (var (key, uri) in new[] { ("TableServiceUri", options.TableServiceUri), ("QueueServiceUri", options.QueueServiceUri) })
            {
                if (uri is not null && (!uri.IsAbsoluteUri || uri.Scheme != Uri.UriSchemeHttps))
                {
                    failures.Add($"Storage:{key} must be an absolute https:// URI; got '{uri}'.");
                }
            }

            if (!string.Equals(options.Credential, StorageOptions.ManagedIdentityCredential, StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"Storage:Credential '{options.Credential}' is not supported; use 'managedidentity' (account keys are never used in Azure).");
            }
        }

        if (hasConnectionString && !hasUris && !options.UsesMemory && !LooksLikeConnectionString(options.ConnectionString!))
        {
            failures.Add("Storage:ConnectionString is not a storage connection string; use 'memory', 'UseDevelopmentStorage=true' (Azurite), "
                + "or 'DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…' (or with TableEndpoint=/QueueEndpoint=).");
        }

        if (!string.IsNullOrEmpty(options.TablePrefix)
            && (!char.IsAsciiLetter(options.TablePrefix[0]) || !options.TablePrefix.All(char.IsAsciiLetterOrDigit) || options.TablePrefix.Length > 40))
        {
            failures.Add($"Storage:TablePrefix '{options.TablePrefix}' must start with a letter and hold only letters and digits (at most 40).");
        }

        if (string.IsNullOrWhiteSpace(options.CommandQueueName))
        {
            failures.Add("Storage:CommandQueueName must not be empty (default 'p21-writes').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // The SDK's own parse error is an InvalidOperationException deep in the first call; say it here, at start-up.
    private static bool LooksLikeConnectionString(string text)
    {
        var keys = text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2 && pair[1].Length > 0)
            .Select(pair => pair[0])
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return keys.Contains("UseDevelopmentStorage")
            || (keys.Contains("AccountName") && (keys.Contains("AccountKey") || keys.Contains("SharedAccessSignature")))
            || keys.Contains("TableEndpoint")
            || keys.Contains("QueueEndpoint");
    }
}
