using System.Diagnostics;
using System.Diagnostics.Metrics;

using P21.Connector.Client.Http;

namespace P21.Connector.Client;

/// <summary>
/// Names of the P21 client's traces and metrics. Subscribe with
/// <c>AddSource(P21Telemetry.ActivitySourceName)</c> and <c>AddMeter(P21Telemetry.MeterName)</c>.
/// </summary>
public static class P21Telemetry
{
    /// <summary>The ActivitySource: one span per client call, named <c>P21Client.{Method}</c> (e.g. <c>P21Client.QueryAsync</c>).</summary>
    public const string ActivitySourceName = "P21.Connector.Client";

    /// <summary>The Meter of the connector.</summary>
    public const string MeterName = "P21.Connector";

    /// <summary>Histogram (seconds) of each HTTP attempt to P21, tagged connection, kind and status.</summary>
    public const string RequestDurationName = "p21.client.request.duration";

    /// <summary>Counter of failed client calls, tagged connection, operation and status (0 = no response).</summary>
    public const string ErrorsName = "p21.client.errors";

    /// <summary>Tag: connection name.</summary>
    public const string ConnectionTag = "p21.connection";

    /// <summary>Tag: client method, e.g. <c>QueryAsync</c>.</summary>
    public const string OperationTag = "p21.operation";

    /// <summary>Tag: request kind (<c>read</c>, <c>write</c>, <c>token</c>).</summary>
    public const string KindTag = "p21.request.kind";

    /// <summary>Tag: HTTP status code, or <c>exception</c>/<c>0</c> when none arrived.</summary>
    public const string StatusTag = "http.response.status_code";

    /// <summary>Tag: table or view read.</summary>
    public const string TableTag = "p21.table";

    internal static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> RequestDuration = Meter.CreateHistogram<double>(
        RequestDurationName, unit: "s", description: "Duration of HTTP attempts to P21.");

    private static readonly Counter<long> Errors = Meter.CreateCounter<long>(
        ErrorsName, unit: "{error}", description: "Failed P21 client calls.");

    internal static void RecordAttempt(string connection, P21RequestKind kind, string status, TimeSpan elapsed)
    {
        RequestDuration.Record(
            elapsed.TotalSeconds,
            new KeyValuePair<string, object?>(ConnectionTag, connection),
            new KeyValuePair<string, object?>(KindTag, kind.ToString().ToLowerInvariant()),
            new KeyValuePair<string, object?>(StatusTag, status));
    }

    internal static void RecordError(string connection, string operation, int status)
    {
        Errors.Add(
            1,
            new KeyValuePair<string, object?>(ConnectionTag, connection),
            new KeyValuePair<string, object?>(OperationTag, operation),
            new KeyValuePair<string, object?>(StatusTag, status));
    }
}
