using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

using P21.Connector.Client.Health;

namespace P21.Functions.Health;

/// <summary><c>GET /api/health</c>: whether every P21 connection answers and accepts our credentials.</summary>
public sealed partial class HealthFunction(IConnectionHealth health, ILogger<HealthFunction> logger)
{
    /// <summary>200 with the report when every connection is healthy, else 503 with the same report.</summary>
    [Function("Health")]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        var cancellationToken = req.HttpContext.RequestAborted;
        HealthReport report;
        try
        {
            report = await health.CheckAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A probe must answer, not crash: a monitor reads 503 as "look here", a 500 as a broken app.
            LogCheckFailed(logger, ex);
            return new JsonResult(
                new HealthProblem("Unhealthy", $"The health check itself failed ({ex.GetType().Name}); see the logs."),
                HealthJsonContext.Default.Options)
            { StatusCode = StatusCodes.Status503ServiceUnavailable };
        }

        return new JsonResult(report, HealthJsonContext.Default.Options)
        {
            StatusCode = report.IsHealthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable,
        };
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "P21 health check threw instead of reporting")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
