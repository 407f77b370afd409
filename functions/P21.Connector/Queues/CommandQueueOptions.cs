namespace P21.Connector.Queues;

/// <summary>Delivery settings of the queues that stand in for Service Bus (defaults match Service Bus).</summary>
public sealed class CommandQueueOptions
{
    /// <summary>How long a received message stays locked.</summary>
    /// <value>Default 1 minute.</value>
    public TimeSpan LockDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Deliveries after which an abandoned or expired message is dead-lettered.</summary>
    /// <value>Default 10.</value>
    public int MaxDeliveryCount { get; set; } = 10;

    /// <summary>How long an enqueued message id suppresses later messages with the same id (in-memory queue only).</summary>
    /// <value>Default 10 minutes.</value>
    public TimeSpan DuplicateDetectionWindow { get; set; } = TimeSpan.FromMinutes(10);
}
