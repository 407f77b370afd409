using System.Diagnostics;

namespace P21.Connector.Client.Http;

/// <summary>
/// The innermost handler: takes a read or write slot for one attempt, and records P21's latency. Read bodies are
/// buffered here (one page at most) so a body cut off mid-way is a transient failure the pipeline retries, and
/// so the slot covers the download.
/// </summary>
internal sealed class BoundedConcurrencyHandler(P21ConcurrencyGate gate, string connection) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        P21RequestKind kind = request.GetKind();
        SemaphoreSlim slots = kind == P21RequestKind.Write ? gate.Writes : gate.Reads;
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        long started = Stopwatch.GetTimestamp();
        string status = "exception";
        try
        {
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (kind != P21RequestKind.Write && response.IsSuccessStatusCode)
            {
                try
                {
                    await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    response.Dispose();
                    throw;
                }
            }

            return response;
        }
        finally
        {
            slots.Release();
            P21Telemetry.RecordAttempt(connection, kind, status, Stopwatch.GetElapsedTime(started));
        }
    }
}
