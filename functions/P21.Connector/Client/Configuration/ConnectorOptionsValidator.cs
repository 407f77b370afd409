using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

using P21.Connector.Connections;

namespace P21.Connector.Client.Configuration;

/// <summary>
/// Validates <see cref="ConnectorOptions"/> at start-up and reports every problem at once, each naming the
/// setting and saying what to put there.
/// </summary>
/// <param name="section">
/// The bound <c>P21</c> section, when there is one: the binder silently drops a connection with a value of the wrong type
/// (a dictionary entry that fails to convert), so those are found by binding each configured connection again.
/// </param>
internal sealed partial class ConnectorOptionsValidator(IConfigurationSection? section = null) : IValidateOptions<ConnectorOptions>
{
    private const string Example = "https://p21.example.com:3443";

    public ValidateOptionsResult Validate(string? name, ConnectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = UnreadableConnections(options);
        if (options.Connections.Count == 0 && failures.Count == 0)
        {
            failures.Add($"{ConnectorOptions.SectionName}:Connections is empty; add at least one connection, e.g. {ConnectorOptions.SectionName}:Connections:main:BaseUrl = {Example}.");
        }

        foreach ((string key, P21ConnectionOptions? connection) in options.Connections)
        {
            string prefix = $"{ConnectorOptions.SectionName}:Connections:{key}";
            if (!ConnectionName().IsMatch(key))
            {
                failures.Add($"{prefix}: the connection name '{key}' is not allowed; use 1-63 letters, digits, '-' or '_' starting with a letter or digit (it prefixes every table key).");
            }

            if (connection is null)
            {
                failures.Add($"{prefix} is empty; set at least BaseUrl, e.g. {Example}.");
                continue;
            }

            Validate(prefix, connection, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Validate(string prefix, P21ConnectionOptions c, List<string> failures)
    {
        if (c.BaseUrl is null)
        {
            failures.Add($"{prefix}:BaseUrl is missing; set it to the P21 middleware URL, e.g. {Example}.");
        }
        else if (!c.BaseUrl.IsAbsoluteUri || (c.BaseUrl.Scheme != Uri.UriSchemeHttps && c.BaseUrl.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{prefix}:BaseUrl '{c.BaseUrl}' is not an absolute http(s) URL; set it to the P21 middleware URL, e.g. {Example}.");
        }
        else if (!string.IsNullOrEmpty(c.BaseUrl.Query) || !string.IsNullOrEmpty(c.BaseUrl.Fragment))
        {
            failures.Add($"{prefix}:BaseUrl must not carry a query or fragment; use the bare host URL, e.g. {Example}.");
        }

        switch (c.AuthMode)
        {
            case P21AuthMode.UserPassword:
            case P21AuthMode.LegacyHeaders:
                if (string.IsNullOrWhiteSpace(c.UserName))
                {
                    failures.Add($"{prefix}:UserName is missing; AuthMode {c.AuthMode} needs the P21 user name (a P21 user with 'Allow OData API Service').");
                }

                if (string.IsNullOrWhiteSpace(c.PasswordSecretName))
                {
                    failures.Add($"{prefix}:PasswordSecretName is missing; AuthMode {c.AuthMode} needs the name of the secret holding the password (a Key Vault secret, locally Secrets:<name>).");
                }

                break;
            case P21AuthMode.ConsumerKey:
                if (string.IsNullOrWhiteSpace(c.ConsumerKeySecretName))
                {
                    failures.Add($"{prefix}:ConsumerKeySecretName is missing; AuthMode ConsumerKey needs the name of the secret holding the consumer key (a Key Vault secret, locally Secrets:<name>).");
                }

                break;
            default:
                failures.Add($"{prefix}:AuthMode '{c.AuthMode}' is unknown; use UserPassword, ConsumerKey or LegacyHeaders.");
                break;
        }

        if (c.RequestTimeout <= TimeSpan.Zero || c.RequestTimeout > TimeSpan.FromMinutes(30))
        {
            failures.Add($"{prefix}:RequestTimeout '{c.RequestTimeout}' is out of range; use a time span between 00:00:01 and 00:30:00 (default 00:01:40; $metadata needs about 00:05:00).");
        }

        if (c.ServerUtcOffset < TimeSpan.FromHours(-14) || c.ServerUtcOffset > TimeSpan.FromHours(14) || c.ServerUtcOffset.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            failures.Add($"{prefix}:ServerUtcOffset '{c.ServerUtcOffset}' is not a UTC offset; use whole minutes between -14:00 and 14:00, e.g. -05:00.");
        }

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(c, new ValidationContext(c), results, validateAllProperties: true))
        {
            foreach (ValidationResult result in results)
            {
                string member = result.MemberNames.FirstOrDefault() ?? "";
                if (member == nameof(P21ConnectionOptions.BaseUrl))
                {
                    continue; // reported above with the fix
                }

                failures.Add($"{prefix}:{member}: {result.ErrorMessage}");
            }
        }
    }

    private List<string> UnreadableConnections(ConnectorOptions options)
    {
        var failures = new List<string>();
        foreach (var connection in section?.GetSection(nameof(ConnectorOptions.Connections)).GetChildren() ?? [])
        {
            if (options.Connections.ContainsKey(connection.Key))
            {
                continue;
            }

            string prefix = $"{ConnectorOptions.SectionName}:Connections:{connection.Key}";
            try
            {
                connection.Get<P21ConnectionOptions>();
                failures.Add($"{prefix} could not be read; check the types of its values (numbers, durations like 00:01:40, true/false).");
            }
            catch (InvalidOperationException ex)
            {
                failures.Add($"{ex.Message} Until it is fixed, connection {prefix} is ignored.");
            }
        }

        return failures;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex ConnectionName();
}
