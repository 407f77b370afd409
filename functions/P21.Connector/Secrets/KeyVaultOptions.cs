namespace P21.Connector.Secrets;

/// <summary>Where secrets come from in Azure (section <c>KeyVault</c>); without a vault URI, settings are used.</summary>
public sealed class KeyVaultOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "KeyVault";

    /// <summary>The vault, e.g. <c>https://my-vault.vault.azure.net/</c>; null to read <c>Secrets:{name}</c> settings instead.</summary>
    public Uri? VaultUri { get; set; }

    /// <summary>How long a read value is reused before the vault is asked again.</summary>
    /// <value>Default 1 hour.</value>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Client id of a user-assigned managed identity; default: the <c>AZURE_CLIENT_ID</c> setting, else the system-assigned one.</summary>
    public string? ClientId { get; set; }
}
