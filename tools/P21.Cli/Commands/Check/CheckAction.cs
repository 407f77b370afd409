using System.CommandLine;
using System.Globalization;
using System.Net.Security;
using System.Text.Json;
using System.Text.RegularExpressions;

using P21.Cli.Hosting;
using P21.Cli.Output;
using P21.Connector.Client;
using P21.Connector.Client.Models;
using P21.Connector.Connections;
using P21.Connector.Poll.Entities;
using P21.Connector.Poll.Schema;

namespace P21.Cli.Commands.Check;

/// <summary>Runs the checks in order; a check that makes the rest pointless (host, token) stops the run.</summary>
internal sealed partial class CheckAction(ParseResult parseResult, CheckCommandDefinition definition, CliSession session)
{
    /// <summary>The Transaction API windows the writer uses; reading their definitions writes nothing.</summary>
    internal static readonly string[] WriteServices = ["Order", "Customer", "PurchaseOrder", "Shipping"];

    private static readonly TimeSpan ClockTolerance = TimeSpan.FromMinutes(2);
    private readonly bool _json = parseResult.GetValue(definition.Json);
    private readonly List<CheckLine> _lines = [];

    private IConsoleOutput Output => session.Output;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        session.Settings.RequireP21();
        Uri baseUrl = new(session.Settings.BaseUrl!);
        DateTimeOffset? serverDate = await CheckReachAsync(baseUrl, cancellationToken);
        if (serverDate is null && !_lines[^1].Ok)
        {
            return Finish();
        }

        P21Client client = session.Client();
        if (!await CheckTokenAsync(client, cancellationToken))
        {
            return Finish();
        }

        foreach (string table in ConnectorTables.From(session.Get<PollEntityCatalogue>()).Keys)
        {
            await CheckTableAsync(client, table, cancellationToken);
        }

        foreach (PollEntity entity in session.Get<PollEntityCatalogue>().Entities)
        {
            if (entity.ChangeProbe is { } probe)
            {
                await CheckChangeProbeAsync(client, entity.Name, probe, cancellationToken);
            }
        }

        foreach (string service in WriteServices)
        {
            await CheckWriteAsync(client, service, cancellationToken);
        }

        CheckClock(serverDate);
        await CheckOffsetAsync(client, cancellationToken);
        return Finish();
    }

    private async Task<DateTimeOffset?> CheckReachAsync(Uri baseUrl, CancellationToken cancellationToken)
    {
        string? tls = null;
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    tls = errors == SslPolicyErrors.None
                        ? $"TLS ok, certificate {certificate?.Subject} valid until {certificate?.GetExpirationDateString()}"
                        : $"TLS certificate not trusted ({errors})";
                    return errors == SslPolicyErrors.None;
                },
            },
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(20) };
        try
        {
            using HttpResponseMessage response = await http.GetAsync(baseUrl, cancellationToken);
            string version = string.Join(", ", response.Headers.Concat(response.Content.Headers)
                .Where(h => h.Key.Contains("version", StringComparison.OrdinalIgnoreCase))
                .Select(h => $"{h.Key} {string.Join(',', h.Value)}"));
            Add("reach", true, $"{baseUrl} answered HTTP {(int)response.StatusCode}" + (baseUrl.Scheme == Uri.UriSchemeHttps ? $"; {tls}" : "; plain HTTP (use https outside a lab)"));
            Add("api version", true, version.Length > 0 ? version : "not exposed by the server (P21 publishes none on /)");
            return response.Headers.Date;
        }
        catch (HttpRequestException ex)
        {
            string reason = tls is not null && tls.StartsWith("TLS certificate", StringComparison.Ordinal) ? tls : Innermost(ex);
            Add("reach", false, $"cannot reach {baseUrl}: {reason}", "check --p21 (host, port, https) and the firewall");
            return null;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Add("reach", false, $"cannot reach {baseUrl}: no answer within 20 s", "check --p21 and the firewall");
            return null;
        }
    }

    private async Task<bool> CheckTokenAsync(P21Client client, CancellationToken cancellationToken)
    {
        string how = session.Settings.AuthMode == P21AuthMode.ConsumerKey ? "consumer key" : $"user {session.Settings.UserName}";
        try
        {
            Uri uiServer = await client.GetUiServerAsync(cancellationToken);
            Add("token", true, $"{session.Settings.AuthMode} token issued for {how}");
            Add("ui server", true, $"Transaction API host {uiServer}");
            return true;
        }
        catch (P21AuthenticationException ex) when (ex.ErrorCode == "CredentialsRefused" || ex.Message.Contains("token request", StringComparison.Ordinal))
        {
            Add("token", false, CliFailure.Refused(session.Settings), "a P21 user needs 'Allow OData API Service'; a consumer key is created in SOA Admin");
            return false;
        }
        catch (P21RequestFailedException ex) when (ex.Message.Contains("token request", StringComparison.Ordinal))
        {
            Add("token", false, ex.Message, "check that --p21 is the P21 middleware (it serves /api/security/token/v2)");
            return false;
        }
        catch (P21RequestFailedException ex)
        {
            Add("token", true, $"{session.Settings.AuthMode} token issued for {how}");
            Add("ui server", false, $"UI server discovery failed: {ex.P21Message ?? ex.Message}", "configure the UI router in SOA Admin; the Transaction API (orders, customers) needs it");
            return true;
        }
    }

    private async Task CheckTableAsync(P21Client client, string table, CancellationToken cancellationToken)
    {
        try
        {
            int rows = 0;
            await foreach (P21Row _ in client.QueryAsync(new ODataQuery(table, OrderBy: ["date_last_modified desc"], PageSize: 1), cancellationToken))
            {
                rows++;
                break;
            }

            Add($"read {table}", true, rows == 0 ? "readable (empty)" : "readable");
        }
        catch (P21AuthenticationException ex)
        {
            Add($"read {table}", false, $"P21 denied reading table {table} (HTTP {ex.Status})",
                $"give the API user 'Allow OData API Service' and Dataservice Permission on {table}");
        }
        catch (P21NotFoundException)
        {
            Add($"read {table}", false, $"table {table} is not on the OData service", "check the P21 version; the connector reads the base table path /odataservice/odata/table/");
        }
        catch (P21RequestFailedException ex)
        {
            Add($"read {table}", false, ex.P21Message ?? ex.Message, ex.Hint);
        }
    }

    // Never a failure: without the view the poller reads every stream, as it did before the probe existed.
    private async Task CheckChangeProbeAsync(P21Client client, string entity, ChangeProbe probe, CancellationToken cancellationToken)
    {
        string name = $"change probe {entity}";
        try
        {
            await client.AnyModifiedSinceAsync(probe.View, ChangeProbe.ModifiedColumn, DateTimeOffset.UtcNow, ODataSurface.View, cancellationToken);
            Add(name, true, $"{probe.View} readable: a quiet poll of {entity} costs one request (the view must join {string.Join(", ", probe.Covers)})");
        }
        catch (P21RequestFailedException ex) when (ex.Status is 400 or 403 or 404)
        {
            Add(name, true, $"{probe.View} not available (HTTP {ex.Status}): {entity} polls read every stream, one request each");
        }
        catch (P21RequestFailedException ex)
        {
            Add(name, true, $"{probe.View} could not be asked ({ex.P21Message ?? ex.Message}); the poller falls back to the streams when it fails");
        }
    }

    private async Task CheckWriteAsync(P21Client client, string service, CancellationToken cancellationToken)
    {
        try
        {
            using JsonDocument _ = await client.GetTransactionDefinitionAsync(service, cancellationToken);
            Add($"write {service}", true, $"Transaction API definition of the {service} window readable (nothing written)");
        }
        catch (P21AuthenticationException ex)
        {
            Add($"write {service}", false, $"P21 denied the {service} window (HTTP {ex.Status})", $"allow the API user the {service} window in P21 security");
        }
        catch (P21RequestFailedException ex)
        {
            Add($"write {service}", false, $"the {service} window is not available: {ex.P21Message ?? ex.Message}", "check the UI server and that the window is licensed");
        }
    }

    private void CheckClock(DateTimeOffset? serverDate)
    {
        if (serverDate is null)
        {
            Add("clock", true, "the server sent no Date header; clock not compared");
            return;
        }

        TimeSpan skew = serverDate.Value - DateTimeOffset.UtcNow;
        bool ok = skew.Duration() <= ClockTolerance;
        Add("clock", ok, $"server clock differs from this machine by {skew.TotalSeconds:0} s",
            ok ? null : "fix NTP on the P21 server (or here); polling re-reads a 10-minute overlap, larger skew loses changes");
    }

    private async Task CheckOffsetAsync(P21Client client, CancellationToken cancellationToken)
    {
        TimeSpan configured = client.ServerUtcOffset;
        try
        {
            await foreach (P21Row row in client.QueryAsync(new ODataQuery("location", Select: ["location_id", "server_time_zone_offset", "date_last_modified"], OrderBy: ["location_id"], PageSize: 1), cancellationToken))
            {
                TimeSpan? seen = OffsetOf(row);
                if (seen is null)
                {
                    break;
                }

                bool ok = seen.Value == configured;
                Add("utc offset", ok, $"P21 reports {Format(seen.Value)}, configured {Format(configured)}",
                    ok ? null : $"pass --utc-offset {Format(seen.Value)} (or set ServerUtcOffset); watermarks would be off by {(seen.Value - configured).TotalHours:0.#} h");
                return;
            }
        }
        catch (P21RequestFailedException)
        {
            // Older P21 builds lack server_time_zone_offset; fall through to the plain statement below.
        }

        Add("utc offset", true, $"configured {Format(configured)}; P21 sent no offset to compare (set --utc-offset to the P21 server's zone)");
    }

    private static TimeSpan? OffsetOf(P21Row row)
    {
        if (row.TryGetProperty("date_last_modified", out JsonElement modified) && modified.ValueKind == JsonValueKind.String
            && OffsetSuffix().IsMatch(modified.GetString()!)
            && DateTimeOffset.TryParse(modified.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset stamped))
        {
            return stamped.Offset;
        }

        return row.TryGetDecimal("server_time_zone_offset", out decimal hours) ? TimeSpan.FromHours((double)hours) : null;
    }

    private static string Format(TimeSpan offset) => (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    private static string Innermost(Exception exception)
    {
        while (exception.InnerException is not null)
        {
            exception = exception.InnerException;
        }

        return exception.Message.TrimEnd('.');
    }

    private void Add(string name, bool ok, string detail, string? remedy = null)
    {
        var line = new CheckLine(name, ok, detail, ok ? null : remedy);
        _lines.Add(line);
        if (!_json)
        {
            Output.Result(ok, $"{name}: {detail}" + (line.Remedy is null ? "" : $" — {line.Remedy}"));
        }
    }

    private int Finish()
    {
        bool ok = _lines.All(l => l.Ok);
        if (_json)
        {
            Output.Json(new CheckReport(session.Connection, session.Settings.BaseUrl, ok, _lines), CliJsonContext.Default.CheckReport);
        }
        else
        {
            Output.Line(ok ? "P21 is ready for the connector." : $"{_lines.Count(l => !l.Ok)} check(s) failed.");
        }

        return ok ? ExitCodes.Ok : ExitCodes.Failure;
    }

    [GeneratedRegex(@"([+-]\d{2}:\d{2}|Z)$")]
    private static partial Regex OffsetSuffix();
}
