using System.Globalization;
using System.Text.Json;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using P21.Connector.Amazon;
using P21.Connector.Commands;
using P21.Connector.Intake.Sources;
using P21.Connector.Storage;

namespace P21.Connector.Intake.Pulls;

/// <summary>
/// Pulls Amazon orders into the write path, as the relay intake would deliver them: <c>getOrders</c> by
/// <c>LastUpdatedAfter</c> from a watermark (minus <see cref="AmazonOrdersOptions.Overlap"/>) up to two minutes ago,
/// every page; then, oldest update first, <c>getOrderItems</c> and the same parse (<see cref="AmazonSource"/>), command
/// and eligibility rules (<see cref="OrderIntake.SubmitAsync"/>) as a posted order. The idempotency key is therefore
/// <c>amazon:SalesOrder.Create:{AmazonOrderId}</c> either way, and a relayed and a pulled order are written once.
/// </summary>
/// <remarks>
/// The watermark moves only after the orders before it were enqueued (commit after enqueue, under the same ETag lease
/// as a poll), and a run killed between the two enqueues again on the next one under the same key. Amazon does not
/// promise the order of getOrders, so every page is read before anything is handled and the watermark is the
/// <c>LastUpdateDate</c> of the last order handled: every earlier update is done. Pending orders wait (their payment
/// update comes as a new <c>LastUpdateDate</c>); a cancellation after the order was handed to the writer enqueues
/// <c>SalesOrder.Cancel</c>, whose result event tells the rest; one before is not written at all.
/// </remarks>
public sealed partial class AmazonOrderPull
{
    /// <summary>The watermark's entity name (per the intake connection).</summary>
    public const string WatermarkEntity = "amazon-orders";

    /// <summary>The intake source the pulled orders are written as, the same as the relay's.</summary>
    public const string Source = "amazon";

    /// <summary>The parked record kind of an order whose SP-API answer does not meet the intake rules.</summary>
    public const string ParkedKind = "amazon-order";

    // Amazon refuses a LastUpdatedBefore later than two minutes ago; a little more absorbs clock skew.
    private static readonly TimeSpan NewestReadable = TimeSpan.FromMinutes(3);
    internal static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(2);

    // The handled-version mapping of a parked order: seen again, it is handled again rather than skipped.
    private const string ParkedMarker = "parked:";

    private readonly SpApiClient _amazon;
    private readonly OrderIntake _intake;
    private readonly IWatermarkStore _watermarks;
    private readonly IMappingStore _mappings;
    private readonly IIdempotencyLedger _ledger;
    private readonly IParkedRecordStore _parked;
    private readonly IOptionsMonitor<AmazonOptions> _options;
    private readonly IntakeOptions _intakeOptions;
    private readonly TimeProvider _time;
    private readonly ILogger<AmazonOrderPull> _logger;

    internal AmazonOrderPull(
        SpApiClient amazon,
        OrderIntake intake,
        IWatermarkStore watermarks,
        IMappingStore mappings,
        IIdempotencyLedger ledger,
        IParkedRecordStore parked,
        IOptionsMonitor<AmazonOptions> options,
        IOptions<IntakeOptions> intakeOptions,
        TimeProvider time,
        ILogger<AmazonOrderPull> logger)
    {
        _amazon = amazon;
        _intake = intake;
        _watermarks = watermarks;
        _mappings = mappings;
        _ledger = ledger;
        _parked = parked;
        _options = options;
        _intakeOptions = intakeOptions.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Runs one pull.</summary>
    /// <exception cref="AmazonAuthException">Login with Amazon refused the credentials (the message names the setting to fix).</exception>
    /// <exception cref="SpApiException">Amazon refused a call, or kept failing; what was done before it is committed.</exception>
    public async Task<AmazonOrderPullResult> RunAsync(AmazonOrderPullRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        AmazonOptions options = _options.CurrentValue;
        if (!options.IsConfigured)
        {
            LogNotConfigured(_logger);
            return AmazonOrderPullResult.NotConfigured;
        }

        string connection = _intakeOptions.Connection;
        bool commits = !request.DryRun && request.Since is null;
        if (!commits)
        {
            Watermark? current = await _watermarks.GetAsync(connection, WatermarkEntity, cancellationToken).ConfigureAwait(false);
            return await PullAsync(request, options, connection, Start(request, options, current), null, cancellationToken).ConfigureAwait(false);
        }

        WatermarkLease? lease = await _watermarks.TryAcquireLeaseAsync(connection, WatermarkEntity, LeaseOwner.ForThisProcess(), LeaseDuration, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            LeaseHolder? holder = await _watermarks.GetHolderAsync(connection, WatermarkEntity, cancellationToken).ConfigureAwait(false);
            string who = holder?.Describe() ?? "another pull";
            LogBusy(_logger, who);
            return new AmazonOrderPullResult(true, who, null, null, false, []);
        }

        var heartbeat = new LeaseHeartbeat(_watermarks, lease, _time);
        await using (heartbeat.ConfigureAwait(false))
        {
            try
            {
                return await PullAsync(request, options, connection, Start(request, options, lease.Watermark), heartbeat, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await _watermarks.ReleaseAsync(heartbeat.Lease, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Undoes the hand-over of <paramref name="orders"/> whose commands were enqueued but never written (the CLI writes
    /// in-process, so its queue dies with it): their markers go and the watermark moves back before the oldest, so the
    /// next pull hands them over again, under the same command ids. False when another pull holds the lease (nothing
    /// was changed).
    /// </summary>
    public async Task<bool> HandBackAsync(IReadOnlyCollection<PulledOrder> orders, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orders);
        if (orders.Count == 0)
        {
            return true;
        }

        string connection = _intakeOptions.Connection;
        WatermarkLease? lease = await _watermarks.TryAcquireLeaseAsync(connection, WatermarkEntity, LeaseOwner.ForThisProcess(), LeaseDuration, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            return false;
        }

        try
        {
            foreach (PulledOrder order in orders)
            {
                // Only the marker this pull wrote: a later pull may have handled a newer version since.
                if (await _mappings.GetAsync(connection, Source, MappingKind.AmazonOrder, order.AmazonOrderId, cancellationToken).ConfigureAwait(false) == Position(order.LastUpdateDate))
                {
                    await _mappings.DeleteAsync(connection, Source, MappingKind.AmazonOrder, order.AmazonOrderId, cancellationToken).ConfigureAwait(false);
                }
            }

            DateTimeOffset before = orders.Min(o => o.LastUpdateDate) - TimeSpan.FromMilliseconds(1);
            if (ReadPosition(lease.Watermark.Position) is not { } current || current > before)
            {
                lease = await _watermarks.CommitAsync(lease, Position(before), 0, cancellationToken).ConfigureAwait(false);
            }

            LogHandedBack(_logger, orders.Count, Position(before));
            return true;
        }
        finally
        {
            await _watermarks.ReleaseAsync(lease, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private DateTimeOffset Start(AmazonOrderPullRequest request, AmazonOptions options, Watermark? watermark) =>
        request.Since ?? (ReadPosition(watermark?.Position) is { } position
            ? position - options.Orders.Overlap
            : _time.GetUtcNow() - options.Orders.Lookback);

    private async Task<AmazonOrderPullResult> PullAsync(
        AmazonOrderPullRequest request, AmazonOptions options, string connection, DateTimeOffset from, LeaseHeartbeat? heartbeat, CancellationToken cancellationToken)
    {
        DateTimeOffset started = _time.GetUtcNow();
        DateTimeOffset before = started - NewestReadable;
        if (from >= before)
        {
            return new AmazonOrderPullResult(true, null, from, null, false, []);
        }

        var listed = new List<AmazonOrder>();
        try
        {
            await foreach (AmazonOrder order in _amazon.GetOrdersAsync(from, before, options.Orders.RestrictedData, cancellationToken).ConfigureAwait(false))
            {
                listed.Add(order);
            }
        }
        catch (SpApiException e) when (options.Orders.RestrictedData && e.Code is "Unauthorized" or "InvalidInput")
        {
            throw new SpApiException(e.Code, $"{e.Message}. {AmazonOptions.SectionName}:Orders:RestrictedData is true, but Amazon gave no restricted data token: grant the app the PII roles in Seller Central, or set it to false and set Writer:HouseCustomerIds:amazon", e.Status);
        }

        // Oldest update first, so the watermark can follow: every order before it is handled.
        listed.Sort((a, b) => a.LastUpdateDate != b.LastUpdateDate
            ? a.LastUpdateDate.CompareTo(b.LastUpdateDate)
            : string.CompareOrdinal(a.AmazonOrderId, b.AmazonOrderId));
        var results = new List<PulledOrder>(listed.Count);
        DateTimeOffset? committed = null;
        bool more = false;
        OrderEligibilityOptions eligibility = _intakeOptions.EligibilityFor(Source);
        foreach (AmazonOrder order in listed)
        {
            if (_time.GetUtcNow() - started >= options.Orders.MaxRunDuration)
            {
                more = true;
                break;
            }

            PulledOrder pulled = await HandleAsync(order, request.DryRun, request.Since is not null, connection, eligibility, cancellationToken).ConfigureAwait(false) with { LastUpdateDate = order.LastUpdateDate };
            results.Add(pulled);
            LogOrder(_logger, order.AmazonOrderId, order.OrderStatus, pulled.Outcome);
            if (heartbeat is not null)
            {
                await heartbeat.CommitAsync(Position(order.LastUpdateDate), pulled.Outcome is PulledOrderOutcome.Enqueued or PulledOrderOutcome.CancelEnqueued ? 1 : 0, cancellationToken).ConfigureAwait(false);
                committed = order.LastUpdateDate;
            }
        }

        if (heartbeat is not null && !more)
        {
            // Every order updated up to `before` was listed and handled.
            await heartbeat.CommitAsync(Position(before), 0, cancellationToken).ConfigureAwait(false);
            committed = before;
        }

        LogPulled(_logger, listed.Count, results.Count(r => r.Outcome == PulledOrderOutcome.Enqueued), more, request.DryRun);
        return new AmazonOrderPullResult(true, null, from, committed, more, results);
    }

    private async Task<PulledOrder> HandleAsync(AmazonOrder order, bool dryRun, bool repull, string connection, OrderEligibilityOptions eligibility, CancellationToken cancellationToken)
    {
        string version = Position(order.LastUpdateDate);
        string? handled = await _mappings.GetAsync(connection, Source, MappingKind.AmazonOrder, order.AmazonOrderId, cancellationToken).ConfigureAwait(false);
        if (handled == version || (handled == ParkedMarker + version && !repull))
        {
            return new PulledOrder(order.AmazonOrderId, order.OrderStatus, PulledOrderOutcome.AlreadyPulled);
        }

        PulledOrder pulled = await DecideAsync(order, dryRun, handled, connection, eligibility, cancellationToken).ConfigureAwait(false);
        if (dryRun || pulled.Outcome == PulledOrderOutcome.Waiting)
        {
            return pulled;
        }

        // Written only once the write path has the order (or the record is parked): a run killed before this line
        // hands it over again. A parked order seen again (a re-pull) and now taken closes its parked record.
        await _mappings.SetAsync(connection, Source, MappingKind.AmazonOrder, order.AmazonOrderId, pulled.Outcome == PulledOrderOutcome.Refused ? ParkedMarker + version : version, cancellationToken).ConfigureAwait(false);
        if (handled?.StartsWith(ParkedMarker, StringComparison.Ordinal) == true && pulled.Outcome != PulledOrderOutcome.Refused)
        {
            await _parked.MarkReplayedAsync(connection, ParkedRecord.IdFor(CreateKey(order.AmazonOrderId)), cancellationToken).ConfigureAwait(false);
        }

        return pulled;
    }

    private static string CreateKey(string amazonOrderId) => IdempotencyKey.For(Source, WriteCommandKind.Of<SalesOrderCreate>(), amazonOrderId);

    private async Task<PulledOrder> DecideAsync(AmazonOrder order, bool dryRun, string? handled, string connection, OrderEligibilityOptions eligibility, CancellationToken cancellationToken)
    {
        string id = order.AmazonOrderId;
        string status = order.OrderStatus;
        if (status is "Canceled" or "Unfulfillable")
        {
            // Most cancellations come before payment, when nothing was written: only a handed-over order gets a cancel.
            if ((handled is null || handled.StartsWith(ParkedMarker, StringComparison.Ordinal))
                && await _ledger.GetAsync(connection, CreateKey(id), cancellationToken).ConfigureAwait(false) is null)
            {
                return new PulledOrder(id, status, PulledOrderOutcome.NotWritten, "cancelled on Amazon before it was written");
            }

            return dryRun
                ? new PulledOrder(id, status, PulledOrderOutcome.CancelEnqueued)
                : Submitted(await _intake.SubmitAsync(Source, id, new SalesOrderCancel(id, status), cancellationToken).ConfigureAwait(false), id, status, PulledOrderOutcome.CancelEnqueued);
        }

        if (status is "Pending" or "PendingAvailability" && !eligibility.WriteUnpaid)
        {
            return new PulledOrder(id, status, PulledOrderOutcome.Waiting, "not paid yet; read again when Amazon updates it");
        }

        if (order.IsFulfilledByAmazon && eligibility.MarketplaceFulfilled == MarketplaceFulfilledPolicy.Skip)
        {
            return new PulledOrder(id, status, PulledOrderOutcome.NotWritten, "Amazon fulfils it from FBA stock (Intake:Eligibility:MarketplaceFulfilled is Skip)");
        }

        IReadOnlyList<AmazonOrderItem> items = await _amazon.GetOrderItemsAsync(id, cancellationToken).ConfigureAwait(false);
        using JsonDocument relayed = RelayBody(order, items);
        ParseOutcome parsed = AmazonSource.Read(relayed.RootElement);
        if (parsed.Rejection is { } rejection)
        {
            string fields = string.Join("; ", rejection.Problem.Errors.Select(e => $"{e.Key} {string.Join(" ", e.Value)}"));
            string reason = fields.Length > 0 ? fields : rejection.Problem.Detail;
            LogRefused(_logger, id, fields);
            if (!dryRun)
            {
                // Parked, not lost: the watermark moves on, so this is where an operator finds the order.
                await _parked.ParkAsync(connection, new ParkRequest(
                    ParkedKind, Source, CreateKey(id),
                    $"Amazon order {id} (updated {Position(order.LastUpdateDate)}) does not meet the intake rules: {reason}. "
                    + $"Enter it in P21 by hand and discard this record (p21 parked discard), or, once Amazon's data is right, re-pull it: p21 amazon orders pull --since {Position(order.LastUpdateDate.AddMinutes(-1))} (a re-pull that takes it marks this record replayed).",
                    fields, relayed.RootElement.GetRawText()), cancellationToken).ConfigureAwait(false);
            }

            return new PulledOrder(id, status, PulledOrderOutcome.Refused, reason);
        }

        if (dryRun)
        {
            return parsed.Payload is SalesOrderCreate create && OrderEligibility.Refusal(create, eligibility) is { } refusal
                ? new PulledOrder(id, status, PulledOrderOutcome.NotWritten, refusal)
                : new PulledOrder(id, status, PulledOrderOutcome.Enqueued);
        }

        return Submitted(await _intake.SubmitAsync(Source, parsed.ExternalId!, parsed.Payload!, cancellationToken).ConfigureAwait(false), id, status, PulledOrderOutcome.Enqueued);
    }

    private static PulledOrder Submitted(IntakeResult result, string id, string status, PulledOrderOutcome enqueued) => result switch
    {
        IntakeResult.Accepted => new PulledOrder(id, status, enqueued),
        IntakeResult.Acknowledged ack => new PulledOrder(id, status, PulledOrderOutcome.NotWritten, ack.Reason),

        // The queue is down: stop here, so the watermark stays before this order and the next pull hands it over.
        IntakeResult.Rejected rejected => throw new AmazonPullStoppedException($"Amazon order {id} could not be enqueued: {rejected.Problem.Detail}"),
        _ => throw new InvalidOperationException($"Unexpected intake result {result.GetType().Name}."),
    };

    /// <summary>The body a relay posts (<c>{"order": …, "orderItems": {"AmazonOrderId", "OrderItems": […]}}</c>), from what SP-API answered.</summary>
    private static JsonDocument RelayBody(AmazonOrder order, IReadOnlyList<AmazonOrderItem> items)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("order");
            order.Json.WriteTo(writer);
            writer.WriteStartObject("orderItems");
            writer.WriteString("AmazonOrderId", order.AmazonOrderId);
            writer.WriteStartArray("OrderItems");
            foreach (AmazonOrderItem item in items)
            {
                item.Json.WriteTo(writer);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return JsonDocument.Parse(buffer.WrittenMemory);
    }

    private static string Position(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static DateTimeOffset? ReadPosition(string? position) =>
        DateTimeOffset.TryParse(position, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset time) ? time : null;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Amazon order pull skipped: no Amazon setting is present")]
    private static partial void LogNotConfigured(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Amazon order pull skipped: {Holder} holds the lease")]
    private static partial void LogBusy(ILogger logger, string holder);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Amazon order {AmazonOrderId} ({Status}): {Outcome}")]
    private static partial void LogOrder(ILogger logger, string amazonOrderId, string status, PulledOrderOutcome outcome);

    [LoggerMessage(Level = LogLevel.Error, Message = "Amazon order {AmazonOrderId} does not meet the intake rules and is not written: {Fields}")]
    private static partial void LogRefused(ILogger logger, string amazonOrderId, string fields);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Amazon order pull: {Count} order(s) handed back (not written); the watermark is at {Position}")]
    private static partial void LogHandedBack(ILogger logger, int count, string position);

    [LoggerMessage(Level = LogLevel.Information, Message = "Amazon order pull: {Listed} listed, {Enqueued} enqueued, more to pull: {More}, dry run: {DryRun}")]
    private static partial void LogPulled(ILogger logger, int listed, int enqueued, bool more, bool dryRun);
}
