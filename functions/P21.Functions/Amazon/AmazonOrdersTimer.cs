using Microsoft.Azure.Functions.Worker;

using P21.Connector.Intake.Pulls;

namespace P21.Functions.Amazon;

/// <summary>
/// Pulls Amazon orders into the write queue on <c>Amazon:Orders:Schedule</c> (<see cref="AmazonOrderPull"/>; it logs
/// its own summary). Without an <c>Amazon</c> setting it does nothing, so the timer may stay on in every deployment.
/// A refused credential or a failing SP-API call fails the invocation with a message naming the setting to fix; what
/// was handed over before it stays committed, and the next occurrence goes on from there. No RunOnStartup.
/// </summary>
public sealed class AmazonOrdersTimer(AmazonOrderPull pull)
{
    /// <summary>Runs one pull.</summary>
    [Function("AmazonOrders")]
    public Task RunAsync([TimerTrigger("%Amazon:Orders:Schedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        pull.RunAsync(new AmazonOrderPullRequest(), cancellationToken);
}
