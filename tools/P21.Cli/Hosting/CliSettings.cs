using System.CommandLine;
using System.Globalization;

using Microsoft.Extensions.Configuration;

using P21.Connector.Connections;
using P21.Connector.Storage;

namespace P21.Cli.Hosting;

/// <summary>
/// The configuration a command runs with: the settings file, then environment variables (the app's names, e.g.
/// <c>P21__Connections__default__BaseUrl</c>), then the command-line options, later sources winning.
/// </summary>
internal sealed class CliSettings
{
    private CliSettings(IConfigurationRoot configuration, string connection, IReadOnlyList<string> secrets)
    {
        Configuration = configuration;
        Connection = connection;
        Secrets = secrets;
    }

    public IConfigurationRoot Configuration { get; }

    public string Connection { get; }

    /// <summary>Secret values given on the command line or in the environment, masked in every output.</summary>
    public IReadOnlyList<string> Secrets { get; }

    public string ConnectionPrefix => $"{ConnectorOptions.SectionName}:Connections:{Connection}";

    /// <summary>The configured P21 URL, or null.</summary>
    public string? BaseUrl => Configuration[$"{ConnectionPrefix}:BaseUrl"];

    public string StorageConnection => Configuration[$"{StorageOptions.SectionName}:ConnectionString"] ?? GlobalOptions.DefaultStorage;

    /// <summary>The storage connection for messages: account keys in a connection string are not shown.</summary>
    public string StorageDisplay => StorageConnection.Contains("AccountKey=", StringComparison.OrdinalIgnoreCase)
        ? StorageConnection.Split(';').FirstOrDefault(p => p.StartsWith("AccountName=", StringComparison.OrdinalIgnoreCase)) ?? "the configured storage account"
        : StorageConnection;

    /// <summary>The settings key behind <c>--allow-unshared-ledger</c> (the demo sets it: it is one process by design).</summary>
    public const string AllowUnsharedLedgerKey = "Cli:AllowUnsharedLedger";

    /// <summary>
    /// Refuses a P21 write on an in-process ledger unless allowed: idempotency across processes needs shared storage, and
    /// ten concurrent submits of one order with <c>--storage memory</c> made five P21 orders.
    /// </summary>
    /// <exception cref="CliUsageException">Storage is <c>memory</c> and <c>--allow-unshared-ledger</c> was not given.</exception>
    public void RequireSharedLedger()
    {
        if (string.Equals(StorageConnection.Trim(), StorageOptions.InMemory, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(Configuration[AllowUnsharedLedgerKey], "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliUsageException(
                "--storage memory keeps the idempotency ledger in this process only, so a second process submitting the same order would write it again; "
                + "use Table Storage (--storage UseDevelopmentStorage=true with Azurite, or your storage account), or pass --allow-unshared-ledger when nothing else writes to this P21");
        }
    }

    public P21AuthMode AuthMode =>
        Enum.TryParse(Configuration[$"{ConnectionPrefix}:AuthMode"], ignoreCase: true, out P21AuthMode mode) ? mode : P21AuthMode.UserPassword;

    public string? UserName => Configuration[$"{ConnectionPrefix}:UserName"];

    /// <summary>Builds the configuration; <paramref name="extra"/> and <paramref name="connectionName"/> (the demo's) win over everything.</summary>
    /// <exception cref="CliUsageException">The settings file is missing or not JSON, or both secrets were given.</exception>
    public static CliSettings Build(ParseResult parseResult, GlobalOptions options, IReadOnlyDictionary<string, string?>? extra = null, string? connectionName = null)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        string connection = connectionName ?? parseResult.GetValue(options.Connection) ?? "default";
        var builder = new ConfigurationBuilder();
        if (parseResult.GetValue(options.Settings) is { } file)
        {
            if (!file.Exists)
            {
                throw new CliUsageException($"settings file {file.FullName}: not found — check --settings");
            }

            builder.AddJsonFile(file.FullName, optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables();
        IConfigurationRoot files;
        try
        {
            files = builder.Build();
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or IOException)
        {
            throw new CliUsageException($"settings file {parseResult.GetValue(options.Settings)?.FullName}: {ex.Message.TrimEnd('.')} — it must be JSON like the app's settings", ex);
        }

        string prefix = $"{ConnectorOptions.SectionName}:Connections:{connection}";
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var secrets = new List<string>();
        if (parseResult.GetValue(options.P21) is { } url)
        {
            overrides[$"{prefix}:BaseUrl"] = url.ToString();
        }

        if (parseResult.GetValue(options.User) is { Length: > 0 } user)
        {
            overrides[$"{prefix}:UserName"] = user;
        }

        if (parseResult.GetValue(options.UtcOffset) is { } offset)
        {
            overrides[$"{prefix}:ServerUtcOffset"] = offset.ToString("c", CultureInfo.InvariantCulture);
        }

        string? passwordOption = parseResult.GetValue(options.Password);
        string? keyOption = parseResult.GetValue(options.ConsumerKey);
        if (passwordOption is { Length: > 0 } && keyOption is { Length: > 0 })
        {
            throw new CliUsageException("give --password or --consumer-key, not both");
        }

        string? password = passwordOption is { Length: > 0 } ? passwordOption : keyOption is { Length: > 0 } ? null : Environment.GetEnvironmentVariable(GlobalOptions.PasswordVariable);
        string? consumerKey = keyOption is { Length: > 0 } ? keyOption : passwordOption is { Length: > 0 } ? null : Environment.GetEnvironmentVariable(GlobalOptions.ConsumerKeyVariable);
        if (password is { Length: > 0 } && consumerKey is { Length: > 0 })
        {
            // Both only from the environment: the password wins, as the app's default AuthMode does.
            consumerKey = null;
        }

        if (password is { Length: > 0 })
        {
            string secretName = files[$"{prefix}:PasswordSecretName"] ?? $"p21-{connection}-password";
            overrides[$"{prefix}:PasswordSecretName"] = secretName;
            overrides[$"Secrets:{secretName}"] = password;
            overrides[$"{prefix}:AuthMode"] = nameof(P21AuthMode.UserPassword);
            secrets.Add(password);
        }
        else if (consumerKey is { Length: > 0 })
        {
            string secretName = files[$"{prefix}:ConsumerKeySecretName"] ?? $"p21-{connection}-consumer-key";
            overrides[$"{prefix}:ConsumerKeySecretName"] = secretName;
            overrides[$"Secrets:{secretName}"] = consumerKey;
            overrides[$"{prefix}:AuthMode"] = nameof(P21AuthMode.ConsumerKey);
            secrets.Add(consumerKey);
        }

        if (parseResult.GetValue(options.AllowUnsharedLedger))
        {
            overrides[AllowUnsharedLedgerKey] = "true";
        }

        overrides[$"{StorageOptions.SectionName}:ConnectionString"] =
            parseResult.GetValue(options.Storage) ?? files[$"{StorageOptions.SectionName}:ConnectionString"] ?? GlobalOptions.DefaultStorage;
        // Intake stamps its commands with this connection, so the writer writes to the one the command line names.
        overrides["Intake:Connection"] = connection;
        foreach ((string key, string? value) in extra ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        // Secrets kept in the settings file are masked too.
        secrets.AddRange(files.GetSection("Secrets").GetChildren().Select(s => s.Value).OfType<string>().Where(v => v.Length >= 4));
        // The same sources again rather than a chained configuration: a chained one reads an empty value ("") as unset.
        var final = new ConfigurationBuilder();
        if (parseResult.GetValue(options.Settings) is { } settingsFile)
        {
            final.AddJsonFile(settingsFile.FullName, optional: false, reloadOnChange: false);
        }

        IConfigurationRoot configuration = final.AddEnvironmentVariables().AddInMemoryCollection(overrides).Build();
        return new CliSettings(configuration, connection, secrets);
    }

    /// <summary>Fails when the connection has no P21 URL.</summary>
    public void RequireP21()
    {
        if (string.IsNullOrWhiteSpace(BaseUrl))
        {
            throw new CliUsageException($"no P21 URL for connection '{Connection}' — pass --p21 <url> or set {ConnectionPrefix}:BaseUrl in --settings");
        }
    }
}
