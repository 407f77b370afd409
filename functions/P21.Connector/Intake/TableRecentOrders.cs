using System.Globalization;
using System.Text;

using Azure.Data.Tables;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using P21.Connector.Commands;
using P21.Connector.Storage;

namespace P21.Connector.Intake;

/// <summary>
/// <see cref="IRecentOrders"/> on the <c>RecentOrders</c> table, so the CLI sees what the app accepted:
/// PartitionKey = connection, RowKey = <c>{inverted ticks:D19}|{commandId}</c> (newest sorts first), the serialized
/// command as one UTF-8 binary property. Commands over <see cref="MaxCommandBytes"/> are not recorded (logged): a
/// diagnostic list is not worth chunking for. Rows beyond <see cref="IntakeOptions.RecentOrdersCapacity"/> are
/// pruned every <see cref="DefaultPruneEvery"/> adds of this process, not on every add.
/// </summary>
internal sealed partial class TableRecentOrders : IRecentOrders
{
    /// <summary>Largest serialized command recorded: one binary property holds 64 KiB.</summary>
    public const int MaxCommandBytes = 60 * 1024;

    public const int DefaultPruneEvery = 25;

    private const string CommandProperty = "Command";
    private readonly StorageTables _tables;
    private readonly IntakeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<TableRecentOrders> _logger;
    private readonly int _pruneEvery;
    private long _lastTicks;
    private int _adds;

    public TableRecentOrders(StorageTables tables, IOptions<IntakeOptions> options, TimeProvider time, ILogger<TableRecentOrders> logger)
        : this(tables, options, time, logger, DefaultPruneEvery)
    {
    }

    internal TableRecentOrders(StorageTables tables, IOptions<IntakeOptions> options, TimeProvider time, ILogger<TableRecentOrders> logger, int pruneEvery)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(pruneEvery, 1);
        _tables = tables;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _pruneEvery = pruneEvery;
    }

    public async Task AddAsync(WriteCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        byte[] body = Encoding.UTF8.GetBytes(WriteCommandSerializer.Serialize(command));
        if (body.Length > MaxCommandBytes)
        {
            LogTooLarge(command.CommandId, body.Length, MaxCommandBytes);
            return;
        }

        var table = await _tables.GetAsync(StorageTableNames.RecentOrders, cancellationToken).ConfigureAwait(false);
        string rowKey = InvertedTicks(NextTicks()) + TableKey.Separator + TableKey.Encode(command.CommandId);
        var entity = new TableEntity(TableKey.Encode(command.Connection), rowKey)
        {
            ["CommandId"] = command.CommandId,
            [CommandProperty] = body,
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);

        if (Interlocked.Increment(ref _adds) % _pruneEvery == 0)
        {
            await PruneAsync(command.Connection, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<WriteCommand>> LatestAsync(int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        // Rows past the capacity may linger until the next prune; the list never shows more than it promises.
        int take = Math.Min(count, _options.RecentOrdersCapacity);
        var result = new List<WriteCommand>(Math.Min(take, 1000));
        if (take == 0)
        {
            return result;
        }

        var table = await _tables.GetAsync(StorageTableNames.RecentOrders, cancellationToken).ConfigureAwait(false);
        string pk = TableKey.Encode(_options.Connection);
        await foreach (var entity in table.QueryAsync<TableEntity>(
            e => e.PartitionKey == pk, maxPerPage: Math.Min(take, 1000), select: ["RowKey", CommandProperty], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (entity.GetBinary(CommandProperty) is not { } bytes)
            {
                continue;
            }

            try
            {
                result.Add(WriteCommandSerializer.Deserialize(Encoding.UTF8.GetString(bytes)));
            }
            catch (WriteCommandFormatException ex)
            {
                // Written by another schema version: skip it rather than hide every other order.
                LogUnreadable(ex, entity.RowKey);
                continue;
            }

            if (result.Count == take)
            {
                break;
            }
        }

        return result;
    }

    /// <summary>Deletes the connection's rows beyond the capacity (the oldest ones).</summary>
    internal async Task PruneAsync(string connection, CancellationToken cancellationToken)
    {
        var table = await _tables.GetAsync(StorageTableNames.RecentOrders, cancellationToken).ConfigureAwait(false);
        string pk = TableKey.Encode(connection);
        int seen = 0;
        var batch = new List<TableTransactionAction>(100);
        await foreach (var entity in table.QueryAsync<TableEntity>(
            e => e.PartitionKey == pk, maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (++seen <= _options.RecentOrdersCapacity)
            {
                continue;
            }

            // Delete unconditionally: a row written meanwhile has a newer key and is never among these.
            batch.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(pk, entity.RowKey), Azure.ETag.All));
            if (batch.Count == 100)
            {
                await table.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            await table.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
        }
    }

    // Strictly increasing within the process, so two orders accepted in the same tick still sort newest first.
    private long NextTicks()
    {
        long now = _time.GetUtcNow().UtcTicks;
        while (true)
        {
            long last = Interlocked.Read(ref _lastTicks);
            long next = Math.Max(now, last + 1);
            if (Interlocked.CompareExchange(ref _lastTicks, next, last) == last)
            {
                return next;
            }
        }
    }

    private static string InvertedTicks(long ticks) =>
        (DateTimeOffset.MaxValue.UtcTicks - ticks).ToString("D19", CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "Recent orders: command {CommandId} is {Bytes} bytes serialized (over {Limit}); not listed for dry-run")]
    private partial void LogTooLarge(string commandId, int bytes, int limit);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "Recent orders: row {RowKey} is not a readable command; skipped")]
    private partial void LogUnreadable(Exception exception, string rowKey);
}
