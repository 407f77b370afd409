using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

using P21.Connector.Amazon;
using P21.Connector.Intake.Pulls;

namespace P21.Functions.Amazon;

/// <summary>
/// One step of the FBA customer returns pull on <c>Amazon:Returns:Schedule</c> (<see cref="AmazonReturnPull"/>): request
/// the report, or read the one requested earlier. Does nothing in an app with no Amazon setting or whose FBA orders are
/// skipped. No RunOnStartup. A refused login or SP-API call is logged as an error naming the setting to fix; a write
/// queue that is down fails the run (the next one reads the same report again).
/// </summary>
public sealed partial class AmazonReturnsTimer(AmazonReturnPull pull, ILogger<AmazonReturnsTimer> logger)
{
    /// <summary>Runs one step of the returns pull.</summary>
    [Function("AmazonReturns")]
    public async Task RunAsync([TimerTrigger("%Amazon:Returns:Schedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        try
        {
            await pull.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AmazonAuthException or SpApiException)
        {
            LogRefused(logger, e.GetType().Name, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Amazon returns pull failed ({ErrorType}): {Reason}; the next run tries again from the committed watermark")]
    private static partial void LogRefused(ILogger logger, string errorType, string reason);
}
