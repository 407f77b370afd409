namespace P21.Sandbox;

/// <summary>Counts requests and injects the configured faults on API routes (never on /_sandbox).</summary>
internal sealed class FaultGate(RequestDelegate next, SandboxFaults faults, SandboxStats stats, IHostApplicationLifetime lifetime)
{
    public async Task InvokeAsync(HttpContext context)
    {
        string family = SandboxStats.FamilyOf(context.Request.Path);
        stats.CountRequest(family);
        if (family == "sandbox")
        {
            await next(context);
            return;
        }

        if (!OData.ODataEndpoints.WantsJson(context.Request))
        {
            stats.CountWithoutJsonAccept(family);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        int latency = faults.LatencyMs;
        try
        {
            if (latency > 0)
            {
                await Task.Delay(latency, linked.Token);
            }

            switch (faults.Decide($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}"))
            {
                case FaultDecision.Hang:
                    stats.CountFault();
                    await Task.Delay(Timeout.Infinite, linked.Token);
                    return;
                case FaultDecision.TooManyRequests:
                    stats.CountFault();
                    context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    context.Response.Headers.RetryAfter = Math.Max(0, faults.RetryAfterSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return;
                case FaultDecision.InternalError:
                    stats.CountFault();
                    context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                    return;
                case FaultDecision.Unavailable:
                    stats.CountFault();
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    return;
                default:
                    break;
            }
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            // The client gave up (or the host is stopping): nothing left to answer.
            return;
        }

        await next(context);
    }
}
