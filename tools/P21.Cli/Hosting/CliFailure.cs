using System.Net.Sockets;

using Azure;

using Microsoft.Extensions.Options;

using P21.Connector.Client;
using P21.Connector.Connections;
using P21.Connector.Write;

namespace P21.Cli.Hosting;

/// <summary>Turns what went wrong into one line that says what to fix, and an exit code; never a stack trace.</summary>
internal static class CliFailure
{
    public static (int ExitCode, string Message) Describe(Exception exception, CliSettings? settings)
    {
        ArgumentNullException.ThrowIfNull(exception);
        string url = settings?.BaseUrl ?? "the P21 URL";
        return exception switch
        {
            CliUsageException usage => (ExitCodes.Usage, usage.Message),
            P21AuthenticationException { ErrorCode: "CredentialsRefused" } => (ExitCodes.Failure, Refused(settings)),
            P21AuthenticationException denied => (ExitCodes.Failure,
                $"P21 denied access (HTTP {denied.Status}) — the API user needs 'Allow OData API Service' and Dataservice Permission on the table (SOA Admin / user maintenance)"),
            P21RequestFailedException { Status: 0, InnerException: Polly.CircuitBreaker.BrokenCircuitException } =>
                (ExitCodes.Failure, $"P21 at {url} failed several calls in a row, so calls are paused for a few seconds (circuit open) — run the command again shortly"),
            WriteBusyException busy => (ExitCodes.Failure, Busy(busy)),
            P21RequestFailedException { Status: 0 } transport when transport.InnerException is HttpRequestException or SocketException =>
                (ExitCodes.Failure, $"cannot reach {url}: {Reason(transport.InnerException!)} — check --p21"),
            P21RequestFailedException { Status: 0 } transport => (ExitCodes.Failure, $"cannot reach {url}: {transport.Message} — check --p21"),
            P21RequestFailedException failed => (ExitCodes.Failure, failed.Message),
            RequestFailedException { Status: 403 } refused => (ExitCodes.Failure,
                $"storage {settings?.StorageDisplay ?? ""} refused the request (HTTP 403 {refused.ErrorCode}) — check the AccountKey (or SAS) in --storage"),
            RequestFailedException storage => (ExitCodes.Failure, $"storage {settings?.StorageDisplay ?? ""} failed: HTTP {storage.Status} {storage.ErrorCode}"),
            AggregateException { InnerExceptions: [RequestFailedException or HttpRequestException, ..] } aggregate => (ExitCodes.Failure, StorageMessage(settings, Reason(aggregate.InnerExceptions[0]))),
            HttpRequestException http => (ExitCodes.Failure, StorageMessage(settings, Reason(http))),
            OptionsValidationException options => (ExitCodes.Usage, $"configuration: {string.Join("; ", options.Failures)} — set it in --settings or pass the option"),
            ArgumentException { ParamName: "connectionName" } unknown => (ExitCodes.Usage, unknown.Message),
            OperationCanceledException => (ExitCodes.Failure, "cancelled"),
            _ => (ExitCodes.Failure, $"{exception.GetType().Name}: {exception.Message}"),
        };
    }

    public static string Refused(CliSettings? settings)
    {
        string who = settings?.AuthMode == P21AuthMode.ConsumerKey
            ? "the consumer key" + (settings.UserName is { Length: > 0 } u ? $" (acting as {u})" : "")
            : $"user '{settings?.UserName}' with the given password";
        return $"P21 refused the credentials: {who} — check --password / the consumer key in SOA Admin";
    }

    // Another process is writing the same order (a concurrent or crashed submit): say until when, and what to do.
    private static string Busy(WriteBusyException busy)
    {
        string until = busy.ExpiresUtc is { } expires ? $" until {expires.UtcDateTime:HH:mm:ss}Z" : "";
        return $"another submit is writing {busy.IdempotencyKey} right now (its claim lasts{(until.Length > 0 ? until : " a minute")} while it is alive); run the command again after that — it will then find the order already written, or take over a dead claim";
    }

    private static string StorageMessage(CliSettings? settings, string reason) =>
        $"storage {settings?.StorageDisplay ?? ""} failed: {reason} — start Azurite (npx azurite) or pass --storage memory";

    private static string Reason(Exception exception)
    {
        Exception inner = exception;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return inner.Message.TrimEnd('.');
    }
}
