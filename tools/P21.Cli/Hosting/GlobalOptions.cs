using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace P21.Cli.Hosting;

/// <summary>The connection options every command takes (recursive options on the root command).</summary>
internal sealed class GlobalOptions
{
    /// <summary>The environment variable read when <c>--password</c> is not given.</summary>
    public const string PasswordVariable = "P21_PASSWORD";

    /// <summary>The environment variable read when <c>--consumer-key</c> is not given.</summary>
    public const string ConsumerKeyVariable = "P21_CONSUMER_KEY";

    /// <summary>The storage used when neither <c>--storage</c> nor the settings name one.</summary>
    public const string DefaultStorage = "UseDevelopmentStorage=true";

    public readonly Option<Uri?> P21 = new("--p21")
    {
        Description = "Base URL of the P21 middleware (the host serving /api and /odataservice)",
        HelpName = "url",
        Recursive = true,
        CustomParser = ParseUrl,
    };

    public readonly Option<string?> User = new("--user")
    {
        Description = "P21 user name (a user with 'Allow OData API Service'); with --password, or the 'act as' user of a consumer key",
        HelpName = "name",
        Recursive = true,
    };

    public readonly Option<string?> Password = new("--password")
    {
        Description = $"Password of --user (or env {PasswordVariable}); never echoed",
        HelpName = "password",
        Recursive = true,
    };

    public readonly Option<string?> ConsumerKey = new("--consumer-key")
    {
        Description = $"Consumer key from SOA Admin (or env {ConsumerKeyVariable}); never echoed",
        HelpName = "key",
        Recursive = true,
    };

    public readonly Option<TimeSpan?> UtcOffset = new("--utc-offset")
    {
        Description = "The P21 server's offset from UTC, e.g. -05:00 (P21 stores server-local timestamps)",
        HelpName = "offset",
        Recursive = true,
        CustomParser = ParseOffset,
    };

    public readonly Option<string> Connection = new("--connection")
    {
        Description = "Connection name (the key under P21:Connections; every stored row starts with it)",
        HelpName = "name",
        DefaultValueFactory = _ => "default",
        Recursive = true,
    };

    public readonly Option<string?> Storage = new("--storage")
    {
        Description = $"Storage connection string for watermarks, mappings, ledger and parked records, or 'memory' [default: {DefaultStorage}]",
        HelpName = "connection-string",
        Recursive = true,
    };

    /// <summary>The default total time budget of a command.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromHours(1);

    public readonly Option<TimeSpan?> Timeout = new("--timeout")
    {
        Description = "Total time a command may take before it gives up (90s, 10m, 2h or hh:mm:ss; 0 = no limit) [default: 1h]; committed pages stay committed",
        HelpName = "duration",
        Recursive = true,
        CustomParser = ParseDuration,
    };

    public readonly Option<bool> AllowUnsharedLedger = new("--allow-unshared-ledger")
    {
        Description = "With --storage memory, write to P21 anyway (submit, replay): the idempotency ledger then lives in this process only, so another process submitting the same order can write it twice",
        Recursive = true,
    };

    public readonly Option<FileInfo?> Settings = new("--settings")
    {
        Description = "JSON settings file shaped like the app's settings (sections P21, Storage, Secrets, Writer, Intake)",
        HelpName = "file",
        Recursive = true,
    };

    private static TimeSpan? ParseDuration(ArgumentResult result)
    {
        string token = result.Tokens.Count > 0 ? result.Tokens[^1].Value.Trim() : "";
        if (token == "0")
        {
            return TimeSpan.Zero;
        }

        if (token.Length > 1 && int.TryParse(token[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out int amount) && amount > 0)
        {
            switch (char.ToLowerInvariant(token[^1]))
            {
                case 's': return TimeSpan.FromSeconds(amount);
                case 'm': return TimeSpan.FromMinutes(amount);
                case 'h': return TimeSpan.FromHours(amount);
            }
        }

        if (TimeSpan.TryParse(token, CultureInfo.InvariantCulture, out TimeSpan span) && span >= TimeSpan.Zero)
        {
            return span;
        }

        result.AddError($"--timeout '{token}' is not a duration — give 90s, 10m, 2h, hh:mm:ss, or 0 for no limit");
        return null;
    }

    private static Uri? ParseUrl(ArgumentResult result)
    {
        string token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (Uri.TryCreate(token, UriKind.Absolute, out Uri? url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            return url;
        }

        result.AddError($"--p21 '{token}' is not an absolute http(s) URL, e.g. https://p21.example.com");
        return null;
    }

    private static TimeSpan? ParseOffset(ArgumentResult result)
    {
        string token = result.Tokens.Count > 0 ? result.Tokens[^1].Value.Trim() : "";
        string text = token.StartsWith('+') ? token[1..] : token;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int hours) && hours is >= -14 and <= 14)
        {
            return TimeSpan.FromHours(hours);
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan offset) && offset.Duration() <= TimeSpan.FromHours(14))
        {
            return offset;
        }

        result.AddError($"--utc-offset '{token}' is not a UTC offset; use e.g. -05:00 or +01:00");
        return null;
    }

    /// <summary>Every option, in help order.</summary>
    public IEnumerable<Option> All => [P21, User, Password, ConsumerKey, UtcOffset, Connection, Storage, Timeout, AllowUnsharedLedger, Settings];
}
