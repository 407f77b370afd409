using System.ComponentModel.DataAnnotations;

namespace P21.Connector.Connections;

/// <summary>How the connector signs in to P21 (see docs/configuration.md).</summary>
public enum P21AuthMode
{
    /// <summary>v2 token endpoint with a P21 user name and password.</summary>
    UserPassword,

    /// <summary>v2 token endpoint with a consumer key (<c>GrantType: client_credentials</c>), optionally acting as a user.</summary>
    ConsumerKey,

    /// <summary>Deprecated v1 token endpoint with user name and password as request headers.</summary>
    LegacyHeaders,
}

/// <summary>One P21 installation the connector talks to. Bound from <c>P21:Connections:{name}</c>.</summary>
public sealed class P21ConnectionOptions
{
    /// <summary>The connection's name; every table key starts with it. Filled from the configuration key.</summary>
    public string Name { get; set; } = "";

    /// <summary>Base URL of the P21 middleware (the host that serves <c>/api</c> and <c>/odataservice</c>).</summary>
    [Required]
    public Uri? BaseUrl { get; set; }

    /// <value>Default <see cref="P21AuthMode.UserPassword"/>.</value>
    public P21AuthMode AuthMode { get; set; } = P21AuthMode.UserPassword;

    /// <summary>P21 user name (user/password and legacy modes; optional "act as" user with a consumer key).</summary>
    public string? UserName { get; set; }

    /// <summary>Name of the secret (Key Vault, or local settings <c>Secrets:{name}</c>) that holds the password.</summary>
    public string? PasswordSecretName { get; set; }

    /// <summary>Name of the secret that holds the consumer key.</summary>
    public string? ConsumerKeySecretName { get; set; }

    /// <summary>The P21 server's offset from UTC; P21 stores server-local timestamps.</summary>
    /// <value>Default 00:00.</value>
    public TimeSpan ServerUtcOffset { get; set; } = TimeSpan.Zero;

    /// <summary>OData page size (<c>$top</c>).</summary>
    /// <value>Default 1000.</value>
    [Range(1, 25_000)]
    public int PageSize { get; set; } = 1000;

    /// <summary>Concurrent read requests per P21 host.</summary>
    /// <value>Default 4.</value>
    [Range(1, 64)]
    public int ReadConcurrency { get; set; } = 4;

    /// <summary>Concurrent writes per P21 host; P21's own transaction queue holds 2.</summary>
    /// <value>Default 2.</value>
    [Range(1, 32)]
    public int WriteConcurrency { get; set; } = 2;

    /// <summary>Timeout of one HTTP attempt.</summary>
    /// <value>Default 100 seconds.</value>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Per-entity polling settings, keyed by entity name (e.g. <c>customers</c>).</summary>
    public Dictionary<string, EntityPollOptions> Entities { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Whether incremental polls of this connection may ask an entity's es view first and skip its streams when
    /// nothing changed (<c>P21:Polling:ChangeProbe</c> must be on too). Turn it off where the es views do not join what
    /// the connector assumes (docs/entities.md, "Change probe").
    /// </summary>
    /// <value>Default true.</value>
    public bool ChangeProbe { get; set; } = true;
}

/// <summary>Polling settings of one entity on one connection.</summary>
public sealed class EntityPollOptions
{
    /// <value>Default true.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Optional 6-field cron schedule; when set, a timer run skips this connection until it is due.</summary>
    public string? Schedule { get; set; }

    /// <summary>How far before the watermark each run re-reads, to catch rows committed late.</summary>
    /// <value>Default 10 minutes.</value>
    public TimeSpan Overlap { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>The root of the connector's settings, section <c>P21</c>.</summary>
public sealed class ConnectorOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "P21";

    /// <summary>The P21 connections, keyed by name.</summary>
    public Dictionary<string, P21ConnectionOptions> Connections { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
