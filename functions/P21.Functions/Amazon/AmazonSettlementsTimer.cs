using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

using P21.Connector.Amazon;
using P21.Connector.Intake.Pulls;

namespace P21.Functions.Amazon;

/// <summary>
/// Pulls Amazon's settlement reports on <c>Amazon:Settlements:Schedule</c> (<see cref="AmazonSettlementPull"/>); does
/// nothing (a debug line) in an app with no Amazon setting. No RunOnStartup. A refused login or SP-API call is logged
/// as an error naming the setting to fix instead of failing every run the same way; a write queue that is down fails
/// the run (the next one hands the settlement over again).
/// </summary>
public sealed partial class AmazonSettlementsTimer(AmazonSettlementPull pull, ILogger<AmazonSettlementsTimer> logger)
{
    /// <summary>Runs one settlement pull.</summary>
    [Function("AmazonSettlements")]
    public async Task RunAsync([TimerTrigger("%Amazon:Settlements:Schedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        try
        {
            await pull.RunAsync(new AmazonSettlementPullRequest(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AmazonAuthException or SpApiException)
        {
            LogRefused(logger, e.GetType().Name, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Amazon settlement pull failed ({ErrorType}): {Reason}; the next run tries again from the committed watermark")]
    private static partial void LogRefused(ILogger logger, string errorType, string reason);
}
