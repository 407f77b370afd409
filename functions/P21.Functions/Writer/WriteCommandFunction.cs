using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

using P21.Connector.Write;

using P21.Functions.Messaging;

namespace P21.Functions.Writer;

/// <summary>
/// Flow 3 (Service Bus → P21): hands each <c>p21-writes</c> message to <see cref="CommandWriter"/>. Returning completes
/// the message (committed, duplicate or parked); a transient failure is rethrown, so Service Bus redelivers it and
/// dead-letters it after the queue's max delivery count.
/// </summary>
public sealed partial class WriteCommandFunction(CommandWriter writer, ILogger<WriteCommandFunction> logger)
{
    /// <summary>Writes one command; logs the outcome by message id, never the payload.</summary>
    [Function("WriteCommand")]
    public async Task RunAsync(
        [ServiceBusTrigger(ServiceBusMessagingOptions.WritesQueue, Connection = ServiceBusMessagingOptions.SectionName)] string body,
        string messageId,
        int deliveryCount,
        CancellationToken cancellationToken)
    {
        WriteOutcome outcome;
        try
        {
            outcome = await writer.HandleAsync(body, messageId, deliveryCount, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogTransient(messageId, deliveryCount, ex.GetType().Name, ex);
            throw;
        }

        switch (outcome)
        {
            case WriteOutcome.Committed committed:
                LogCommitted(messageId, deliveryCount, committed.P21Key);
                break;
            case WriteOutcome.Duplicate duplicate:
                LogDuplicate(messageId, deliveryCount, duplicate.P21Key);
                break;
            case WriteOutcome.Parked parked:
                LogParked(messageId, deliveryCount, parked.Reason);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Write {MessageId} committed as P21 {P21Key} (delivery {DeliveryCount})")]
    private partial void LogCommitted(string messageId, int deliveryCount, string p21Key);

    [LoggerMessage(Level = LogLevel.Information, Message = "Write {MessageId} was already committed as P21 {P21Key} (delivery {DeliveryCount})")]
    private partial void LogDuplicate(string messageId, int deliveryCount, string p21Key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Write {MessageId} parked (delivery {DeliveryCount}): {Reason}")]
    private partial void LogParked(string messageId, int deliveryCount, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Write {MessageId} failed transiently on delivery {DeliveryCount} ({ErrorType}); Service Bus will redeliver it")]
    private partial void LogTransient(string messageId, int deliveryCount, string errorType, Exception exception);
}
