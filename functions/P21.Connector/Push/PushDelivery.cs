using System.Security.Cryptography;
using System.Text;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using P21.Connector.Events;
using P21.Connector.Storage;

namespace P21.Connector.Push;

/// <summary>
/// The push flow's entry point for a host: one batch of messages from a platform's subscription (<c>push-{platform}</c>
/// on <c>p21-changes</c>), read as CloudEvents and pushed to every target of that platform: stock, then shipments, then
/// cancellations. A body that is not a
/// CloudEvent is parked (kind <c>push-unreadable</c>) rather than thrown, so it cannot block the batch; a transient
/// failure of any target throws, the batch is redelivered, and targets already set skip it (pushes are absolute and
/// each target remembers the last event it pushed per item and location).
/// </summary>
public sealed partial class PushDelivery
{
    /// <summary>The parked-record kind of a subscription message that is not a CloudEvent.</summary>
    public const string UnreadableKind = "push-unreadable";

    /// <summary>The connection under which unreadable messages are parked.</summary>
    public const string UnreadableConnection = "unreadable";

    private readonly InventoryPush _inventory;
    private readonly ShipmentPush _shipments;
    private readonly OrderStatusPush _orderStatus;
    private readonly IOptionsMonitor<PushOptions> _options;
    private readonly IParkedRecordStore _parked;
    private readonly ILogger<PushDelivery> _logger;

    /// <summary>Creates the entry point.</summary>
    public PushDelivery(InventoryPush inventory, ShipmentPush shipments, OrderStatusPush orderStatus, IOptionsMonitor<PushOptions> options, IParkedRecordStore parked, ILogger<PushDelivery> logger)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(shipments);
        ArgumentNullException.ThrowIfNull(orderStatus);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(parked);
        ArgumentNullException.ThrowIfNull(logger);
        _inventory = inventory;
        _shipments = shipments;
        _orderStatus = orderStatus;
        _options = options;
        _parked = parked;
        _logger = logger;
    }

    /// <summary>The targets configured for <paramref name="platform"/>, by name.</summary>
    public IReadOnlyList<string> TargetsOf(PushPlatform platform) =>
        [.. _options.CurrentValue.Targets.Where(t => t.Value.Platform == platform).Select(t => t.Key).Order(StringComparer.Ordinal)];

    /// <summary>Pushes a batch of message bodies to every target of <paramref name="platform"/>.</summary>
    /// <returns>One report per target, in target-name order; empty when the platform has no target.</returns>
    /// <exception cref="PushTransientException">A platform kept failing; let the batch be redelivered.</exception>
    /// <exception cref="PushCredentialException">A target's secret is missing or refused (the message names it).</exception>
    public async Task<IReadOnlyList<PushReport>> DeliverAsync(PushPlatform platform, IReadOnlyList<string> bodies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bodies);
        var events = new List<ChangeEvent>(bodies.Count);
        foreach (string body in bodies)
        {
            try
            {
                events.Add(CloudEventJson.Deserialize(body));
            }
            catch (FormatException ex)
            {
                await ParkUnreadableAsync(platform, body, ex.Message, cancellationToken).ConfigureAwait(false);
            }
        }

        IReadOnlyList<string> targets = TargetsOf(platform);
        if (targets.Count == 0)
        {
            LogNoTarget(platform, events.Count);
            return [];
        }

        var reports = new List<PushReport>(targets.Count);
        foreach (string target in targets)
        {
            reports.Add(await PushAsync(target, events, cancellationToken).ConfigureAwait(false));
        }

        return reports;
    }

    /// <summary>
    /// One push cycle of target <paramref name="targetName"/>: stock, then shipments, then cancellations, each as the target's
    /// <c>Entities</c> allow; the reports added up.
    /// </summary>
    /// <param name="targetName">A name under <c>Push:Targets</c>.</param>
    /// <param name="events">Change events of any type and connection; the others are ignored.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <param name="dryRun">Report what would be pushed without a platform call (see <see cref="PushReport.WouldSet"/>).</param>
    /// <exception cref="ArgumentException">No target has that name.</exception>
    public async Task<PushReport> PushAsync(string targetName, IReadOnlyList<ChangeEvent> events, CancellationToken cancellationToken = default, bool dryRun = false)
    {
        // Each service logs its own part of the report; logging the sum here too would count every push twice.
        PushReport report = await _inventory.PushAsync(targetName, events, cancellationToken, dryRun).ConfigureAwait(false);
        report = report.Plus(await _shipments.PushAsync(targetName, events, cancellationToken, dryRun).ConfigureAwait(false));
        return report.Plus(await _orderStatus.PushAsync(targetName, events, cancellationToken, dryRun).ConfigureAwait(false));
    }

    private async Task ParkUnreadableAsync(PushPlatform platform, string body, string error, CancellationToken cancellationToken)
    {
        // Keyed by content: the same bad message redelivered lands on the same record.
        string key = "push-unreadable:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)))[..32];
        ParkedRecord record = await _parked.ParkAsync(
            UnreadableConnection,
            new ParkRequest(UnreadableKind, platform.ToString().ToLowerInvariant(), key, "not a CloudEvent", error, body),
            cancellationToken).ConfigureAwait(false);
        LogUnreadable(record.Id, platform, error);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push to {Platform}: no Push:Targets entry has this platform; {Events} events completed without a push")]
    private partial void LogNoTarget(PushPlatform platform, int events);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push to {Platform}: a message that is not a CloudEvent was parked as {ParkedRecordId}: {Error}")]
    private partial void LogUnreadable(string parkedRecordId, PushPlatform platform, string error);
}
