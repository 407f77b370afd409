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
    /// <summary>Writes one command; its outcome is logged by the writer within a scope holding the message id, never the payload.</summary>
    [Function("WriteCommand")]
    public async Task RunAsync(
        [ServiceBusTrigger(ServiceBusMessagingOptions.WritesQueue, Connection = ServiceBusMessagingOptions.SectionName)] string body,
        string messageId,
        int deliveryCount,
        CancellationToken cancellationToken)
    {
        // The writer logs each outcome once, with the command's kind; the scope adds the message's identity to those
        // lines, so the trigger does not log the same outcome a second time.
        using IDisposable? scope = logger.BeginScope(new Dictionary<string, object> { ["MessageId"] = messageId, ["DeliveryCount"] = deliveryCount });
        try
        {
            await writer.HandleAsync(body, messageId, deliveryCount, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogTransient(messageId, deliveryCount, ex.GetType().Name, ex);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Write {MessageId} failed transiently on delivery {DeliveryCount} ({ErrorType}); Service Bus will redeliver it")]
    private partial void LogTransient(string messageId, int deliveryCount, string errorType, Exception exception);
}
