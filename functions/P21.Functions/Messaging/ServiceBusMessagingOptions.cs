namespace P21.Functions.Messaging;

/// <summary>
/// How the app reaches Service Bus, section <c>ServiceBus</c>: the same settings the Service Bus trigger reads
/// through <c>Connection = "ServiceBus"</c> (identity-based), plus the topic change events go to.
/// </summary>
public sealed class ServiceBusMessagingOptions
{
    /// <summary>The configuration section (and trigger connection) name.</summary>
    public const string SectionName = "ServiceBus";

    /// <summary>The queue that carries write commands from intake to the writer (fixed; infra-bicep creates it).</summary>
    public const string WritesQueue = "p21-writes";

    /// <summary>The only supported <see cref="Credential"/> value: a managed identity.</summary>
    public const string ManagedIdentityCredential = "managedidentity";

    /// <summary>The namespace host name, e.g. <c>p21-prod.servicebus.windows.net</c> (<c>ServiceBus__fullyQualifiedNamespace</c>).</summary>
    public string? FullyQualifiedNamespace { get; set; }

    /// <summary><c>managedidentity</c> in Azure; empty locally, where the developer's identity is used.</summary>
    public string? Credential { get; set; }

    /// <summary>Client id of the user-assigned identity (<c>ServiceBus__clientId</c>); empty for the system-assigned one.</summary>
    public string? ClientId { get; set; }

    /// <summary>
    /// A connection string instead of an identity, read from the plain <c>ServiceBus</c> setting (the local Service Bus
    /// emulator). Filled from configuration by the app, not bound.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The topic change and result events are published to.</summary>
    /// <value>Default <c>p21-changes</c>.</value>
    public string ChangesTopic { get; set; } = "p21-changes";
}
