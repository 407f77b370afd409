namespace P21.Connector.Push;

/// <summary>One platform's inventory calls, registered keyed by its <see cref="PushPlatform"/>.</summary>
internal interface IInventoryPlatform
{
    /// <summary>The most quantities one set call may carry (the platform's published cap).</summary>
    int MaxBatch { get; }

    /// <summary>
    /// Looks up the platform ids of <paramref name="skus"/>; SKUs the store does not have are absent from the answer.
    /// Keys compare case-insensitively.
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> FindItemsAsync(PushTarget target, IReadOnlyList<string> skus, PushCounters counters, CancellationToken cancellationToken);

    /// <summary>
    /// Sets the absolute quantities of <paramref name="sets"/> (at most <see cref="MaxBatch"/>); every set not returned as a
    /// rejection was applied. Transient failures are retried inside; when they outlast the retries it throws.
    /// </summary>
    Task<IReadOnlyList<SetRejection>> SetAsync(PushTarget target, IReadOnlyList<InventorySet> sets, PushCounters counters, CancellationToken cancellationToken);
}
