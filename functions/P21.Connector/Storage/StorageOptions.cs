using Azure.Core;
using Azure.Identity;

namespace P21.Connector.Storage;

/// <summary>Where the connector keeps its state (section <c>Storage</c>).</summary>
/// <remarks>
/// Locally: <c>ConnectionString = UseDevelopmentStorage=true</c> (Azurite) or <c>memory</c> (in-process stores for the
/// CLI and tests). In Azure: <see cref="TableServiceUri"/> and <see cref="QueueServiceUri"/> with a managed identity;
/// account keys are never needed.
/// </remarks>
public sealed class StorageOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Storage";

    /// <summary>The <see cref="ConnectionString"/> value that selects the in-memory stores.</summary>
    public const string InMemory = "memory";

    /// <summary>The only supported <see cref="Credential"/>: a managed identity through DefaultAzureCredential.</summary>
    public const string ManagedIdentityCredential = "managedidentity";

    /// <summary>A storage connection string, or <c>memory</c> for in-process stores.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The Table service endpoint, e.g. <c>https://account.table.core.windows.net</c> (identity-based).</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>The Queue service endpoint, e.g. <c>https://account.queue.core.windows.net</c> (identity-based).</summary>
    public Uri? QueueServiceUri { get; set; }

    /// <summary>How to authenticate with the service URIs.</summary>
    /// <value>Default <c>managedidentity</c>.</value>
    public string Credential { get; set; } = ManagedIdentityCredential;

    /// <summary>Client id of a user-assigned managed identity; empty for the system-assigned one.</summary>
    public string? ClientId { get; set; }

    /// <summary>Prepended to every table name (letters and digits), so tests and tenants can share an account.</summary>
    public string? TablePrefix { get; set; }

    /// <summary>The queue that carries write commands when Storage queues stand in for Service Bus.</summary>
    /// <value>Default <c>p21-writes</c>.</value>
    public string CommandQueueName { get; set; } = "p21-writes";

    /// <summary>
    /// Serialized write commands larger than this many UTF-8 bytes are stored in the <c>CommandBodies</c> table and
    /// travel as a small pointer message (claim check): Service Bus Standard takes 256 KiB per message.
    /// </summary>
    /// <value>Default 196608 (192 KiB).</value>
    public int MaxInlineCommandBytes { get; set; } = Queues.CommandClaimCheck.DefaultThresholdBytes;

    /// <summary>True when <see cref="ConnectionString"/> selects the in-memory stores.</summary>
    public bool UsesMemory => string.Equals(ConnectionString?.Trim(), InMemory, StringComparison.OrdinalIgnoreCase);

    /// <summary>The managed identity (or developer) credential for <see cref="TableServiceUri"/>-style endpoints.</summary>
    internal TokenCredential CreateCredential() =>
        new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = string.IsNullOrWhiteSpace(ClientId) ? null : ClientId });
}
