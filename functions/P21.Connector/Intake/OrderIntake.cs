using System.Net.Http.Headers;
using System.Text.Json;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using P21.Connector.Commands;
using P21.Connector.Intake.Settlements;
using P21.Connector.Intake.Signatures;
using P21.Connector.Intake.Sources;
using P21.Connector.Secrets;

namespace P21.Connector.Intake;

/// <summary>
/// Inbound intake, host-agnostic: size (413) → content type (415) → signature (401) → parse (400/422) →
/// enqueue (503 on failure) → 202 with the command id. A rejected body is never enqueued, and nothing but
/// cancellation escapes as an exception.
/// </summary>
public sealed partial class OrderIntake
{
    private const string JsonMediaType = "application/json";
    private readonly IntakeOptions _options;
    private readonly IntakeSources _sources;
    private readonly ICommandQueue _queue;
    private readonly Queues.CommandClaimCheck? _claimCheck;
    private readonly IRecentOrders _recent;
    private readonly TimeProvider _time;
    private readonly ILogger<OrderIntake> _logger;

    /// <summary>Creates the intake; every command travels inline (no claim check), so large ones may exceed the queue's limit.</summary>
    public OrderIntake(
        IOptions<IntakeOptions> options,
        ISecretSource secrets,
        ICommandQueue queue,
        IRecentOrders recent,
        IHttpClientFactory httpClients,
        TimeProvider time,
        ILogger<OrderIntake> logger)
        : this(options, secrets, queue, recent, httpClients, time, logger, null)
    {
    }

    /// <summary>Creates the intake; commands above the claim check's threshold are stored and enqueued as a pointer.</summary>
    public OrderIntake(
        IOptions<IntakeOptions> options,
        ISecretSource secrets,
        ICommandQueue queue,
        IRecentOrders recent,
        IHttpClientFactory httpClients,
        TimeProvider time,
        ILogger<OrderIntake> logger,
        Queues.CommandClaimCheck? claimCheck)
    {
        _claimCheck = claimCheck;
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _queue = queue;
        _recent = recent;
        _time = time;
        _logger = logger;
        _sources = new IntakeSources(_options, new WebhookSecrets(secrets), httpClients, time);
    }

    /// <summary>Verifies, reads and enqueues one delivery.</summary>
    public async Task<IntakeResult> AcceptAsync(IntakeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await AcceptCoreAsync(request, cancellationToken).ConfigureAwait(false);
        switch (result)
        {
            case IntakeResult.Accepted accepted:
                LogAccepted(request.Source, request.Kind, accepted.CommandId);
                break;
            case IntakeResult.Rejected rejected:
                LogRejected(request.Source, request.Kind, rejected.StatusCode, rejected.Problem.Type, string.Join(",", rejected.Problem.Errors.Keys.Take(5)));
                break;
        }

        return result;
    }

    private async Task<IntakeResult> AcceptCoreAsync(IntakeRequest request, CancellationToken cancellationToken)
    {
        if (!IntakeKinds.TryParse(request.Kind, out var kind))
        {
            return IntakeProblems.UnknownSource(request.Source, request.Kind, $"There is no intake route for '{request.Kind}'.");
        }

        var source = _sources.Find(request.Source ?? "");
        if (source is null || !source.Accepts(kind))
        {
            return IntakeProblems.UnknownSource(
                request.Source ?? "", IntakeKinds.Name(kind), $"Source '{request.Source}' does not send {IntakeKinds.Name(kind)} to this connector.");
        }

        var max = kind == IntakeKind.Settlements ? _options.MaxSettlementBodyBytes : _options.MaxBodyBytes;
        if (request.Body.Length > max)
        {
            return IntakeProblems.TooLarge(request.Body.Length, max);
        }

        if (source is WooCommerceSource && WooCommerceSource.IsPing(request))
        {
            return new IntakeResult.Acknowledged("WooCommerce webhook ping");
        }

        if (ContentTypeProblem(request.ContentType, kind) is { } mediaProblem)
        {
            return mediaProblem;
        }

        var verdict = await source.VerifyAsync(request, cancellationToken).ConfigureAwait(false);
        if (verdict.IsUnconfigured)
        {
            return IntakeProblems.Unavailable($"The connector cannot verify this delivery: {verdict.Reason}", "configuration");
        }

        if (!verdict.IsValid)
        {
            return IntakeProblems.Unauthorized(verdict.Header ?? "signature", verdict.Reason ?? "is invalid.");
        }

        var outcome = await ParseAsync(source, request, kind, cancellationToken).ConfigureAwait(false);
        if (outcome.Rejection is { } rejection)
        {
            return rejection;
        }

        return await SubmitAsync(source.Name, outcome.ExternalId!, outcome.Payload!, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The rules every parsed delivery meets, whether it was posted or pulled (the Amazon pulls call this): the write
    /// command keyed by source, kind and <paramref name="externalId"/>, the order eligibility rules (an ineligible order
    /// is acknowledged, a cancelled one becomes <see cref="SalesOrderCancel"/>), the claim check, the queue.
    /// </summary>
    internal async Task<IntakeResult> SubmitAsync(string source, string externalId, WriteCommandPayload payload, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var command = WriteCommand.Create(source, externalId, _options.Connection, _time.GetUtcNow(), payload);
        if (command.Payload is SalesOrderCreate order && OrderEligibility.Refusal(order, _options.EligibilityFor(source)) is { } refusal)
        {
            // 200, not 4xx: the delivery is authentic and well-formed, and platforms disable webhooks that keep failing.
            LogIneligible(source, command.CommandId, refusal);
            await RecordRecentAsync(command, cancellationToken).ConfigureAwait(false);
            if (order.Standing?.Cancelled != true)
            {
                return new IntakeResult.Acknowledged($"Order {order.ExternalOrderId} is not written to P21: {refusal}.");
            }

            // A cancellation may follow a write: the writer looks for the P21 order and cancels it or parks it for an operator.
            command = WriteCommand.Create(source, externalId, _options.Connection, _time.GetUtcNow(), new SalesOrderCancel(order.ExternalOrderId, order.Standing.PlatformStatus));
        }

        try
        {
            string body = WriteCommandSerializer.Serialize(command);
            string message = _claimCheck is null ? body : await _claimCheck.ToMessageAsync(command, body, cancellationToken).ConfigureAwait(false);
            await _queue.EnqueueAsync(command.CommandId, message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogEnqueueFailed(ex, source, command.CommandId);
            return IntakeProblems.Unavailable("The write queue is unavailable; retry the delivery later.", "queue");
        }

        if (command.Kind == WriteCommandKind.Of<SalesOrderCreate>())
        {
            await RecordRecentAsync(command, cancellationToken).ConfigureAwait(false);
        }

        return new IntakeResult.Accepted(command.CommandId, command.IdempotencyKey);
    }

    private async Task RecordRecentAsync(WriteCommand command, CancellationToken cancellationToken)
    {
        try
        {
            await _recent.AddAsync(command, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The order is already enqueued: the dry-run list is a diagnostic aid and must never turn a 202 into an error.
            LogRecentFailed(ex, command.CommandId);
        }
    }

    private async Task<ParseOutcome> ParseAsync(IIntakeSource source, IntakeRequest request, IntakeKind kind, CancellationToken cancellationToken)
    {
        try
        {
            return await source.ParseAsync(request, kind, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : "";
            return ParseOutcome.Failed(IntakeProblems.Malformed($"The body is not well-formed JSON{where}."));
        }
        catch (IntakeRejectedException ex)
        {
            return ParseOutcome.Failed(ex.Rejection);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A parser bug or a hostile body that slipped past validation: refuse it, never answer 500.
            LogParseFault(ex, source.Name, IntakeKinds.Name(kind));
            return ParseOutcome.Failed(IntakeProblems.Malformed($"The body could not be read ({ex.GetType().Name})."));
        }
    }

    private static IntakeResult.Rejected? ContentTypeProblem(string? contentType, IntakeKind kind)
    {
        MediaTypeHeaderValue.TryParse(contentType, out var media);
        var type = media?.MediaType?.ToLowerInvariant();
        var charset = media?.CharSet?.Trim('"');
        if (charset is not null && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return IntakeProblems.UnsupportedMediaType(contentType, "UTF-8 (charset=utf-8)");
        }

        if (kind == IntakeKind.Settlements)
        {
            return type is JsonMediaType or "text/tab-separated-values" or "text/plain"
                ? null
                : IntakeProblems.UnsupportedMediaType(contentType, "text/tab-separated-values or text/plain (V2 flat file) or application/json");
        }

        return type == JsonMediaType ? null : IntakeProblems.UnsupportedMediaType(contentType, JsonMediaType);
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Intake accepted {Source} {Kind} as command {CommandId}")]
    private partial void LogAccepted(string source, string kind, string commandId);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Intake rejected {Source} {Kind} with {Status} {ProblemType} (fields {Fields})")]
    private partial void LogRejected(string source, string kind, int status, string problemType, string fields);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "Intake could not enqueue command {CommandId} from {Source}")]
    private partial void LogEnqueueFailed(Exception exception, string source, string commandId);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "Intake parser for {Source} {Kind} failed unexpectedly")]
    private partial void LogParseFault(Exception exception, string source, string kind);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "Intake did not enqueue {Source} order command {CommandId}: {Reason}")]
    private partial void LogIneligible(string source, string commandId, string reason);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Intake enqueued command {CommandId} but could not record it as a recent order")]
    private partial void LogRecentFailed(Exception exception, string commandId);
}
