using System.Text;

using Microsoft.Data.Sqlite;

namespace P21.Sandbox.Data;

/// <summary>
/// The SQLite file behind the sandbox. Reads open their own pooled connections (WAL lets them run beside a writer);
/// writes go one at a time through <see cref="BeginWriteAsync"/> so generated numbers never collide.
/// </summary>
internal sealed class SandboxDatabase : IAsyncDisposable
{
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly SandboxClock _clock;
    private readonly bool _ownsFile;
    private readonly Lock _schemaGate = new();
    private IReadOnlyDictionary<string, TableDef>? _schema;

    public SandboxDatabase(SandboxOptions options, SandboxClock clock)
    {
        _clock = clock;
        _ownsFile = options.DatabasePath is null;
        FilePath = options.DatabasePath ?? Path.Combine(Path.GetTempPath(), $"p21-sandbox-{Guid.NewGuid():N}.db");
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = true, DefaultTimeout = 60 }.ToString();
    }

    public string FilePath { get; }

    public string ConnectionString { get; }

    /// <summary>Bumped whenever a column is added, so cached EDM models know to rebuild.</summary>
    public int SchemaVersion { get; private set; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);

        // Triggers call sandbox_now(); it must exist on every connection that writes.
        connection.CreateFunction("sandbox_now", _clock.NowText, isDeterministic: false);
        return connection;
    }

    public async Task<WriteSession> BeginWriteAsync(CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            SqliteConnection connection = await OpenAsync(cancellationToken);
            var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            return new WriteSession(connection, transaction, _writeGate);
        }
        catch
        {
            _writeGate.Release();
            throw;
        }
    }

    /// <summary>Creates the schema when the file is new and fills it with seeded data.</summary>
    public async Task InitializeAsync(SandboxOptions options, CancellationToken cancellationToken)
    {
        await using SqliteConnection connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", cancellationToken);
        bool exists;
        await using (SqliteCommand probe = connection.CreateCommand())
        {
            probe.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name='customer'";
            exists = Convert.ToInt64(await probe.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
        }

        if (!exists)
        {
            await ExecuteAsync(connection, BuildDdl(), cancellationToken);
            await using var seed = new SeedGenerator(options, connection);
            await seed.RunAsync(cancellationToken);
        }

        // IF NOT EXISTS: a database seeded before the es views existed (a reused bench file) gains them too.
        await ExecuteAsync(connection, string.Concat(TableCatalog.EsViews.Select(static v => v.Ddl)), cancellationToken);
    }

    /// <summary>The live schema (catalog tables plus run-time *_ud columns), keyed by table name.</summary>
    public IReadOnlyDictionary<string, TableDef> Schema
    {
        get
        {
            lock (_schemaGate)
            {
                return _schema ??= ReadSchema();
            }
        }
    }

    public TableDef? FindTable(string name) => Schema.TryGetValue(name, out TableDef? table) ? table : null;

    /// <summary>Adds a column to a *_ud table.</summary>
    public async Task AddColumnAsync(string table, string column, ColumnKind kind, int length, CancellationToken cancellationToken)
    {
        await using WriteSession session = await BeginWriteAsync(cancellationToken);
        await using (SqliteCommand command = session.Command($"ALTER TABLE \"{table}\" ADD COLUMN \"{column}\" {TableCatalog.SqlType(kind, length)}"))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await session.CommitAsync(cancellationToken);
        lock (_schemaGate)
        {
            _schema = null;
            SchemaVersion++;
        }
    }

    public async ValueTask DisposeAsync()
    {
        using (var connection = new SqliteConnection(ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        _writeGate.Dispose();
        if (_ownsFile)
        {
            foreach (string file in new[] { FilePath, FilePath + "-wal", FilePath + "-shm" })
            {
                try
                {
                    File.Delete(file);
                }
                catch (IOException)
                {
                    // A reader still holds the file; the temp folder is cleaned eventually.
                }
            }
        }

        await Task.CompletedTask;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string BuildDdl()
    {
        var sql = new StringBuilder();
        foreach (TableDef table in TableCatalog.Tables)
        {
            sql.Append("CREATE TABLE \"").Append(table.Name).Append("\" (");
            // SQL Server's case-insensitive collation makes a string key unique ignoring case ('t-1' is the row 'T-1'):
            // without it two rows could tie in the case-insensitive $orderby and a keyset page would skip one.
            sql.AppendJoin(", ", table.Columns.Select(c => $"\"{c.Name}\" {TableCatalog.SqlType(c.Kind, c.Length)}"
                + (c.Kind == ColumnKind.Text && table.Key.Contains(c.Name) ? " COLLATE NOCASE" : string.Empty)));
            sql.Append(", PRIMARY KEY (").AppendJoin(", ", table.Key.Select(static k => $"\"{k}\"")).Append("));\n");

            // date_created / date_last_modified are kept by triggers so no write path can forget them.
            sql.Append($"CREATE TRIGGER \"trg_{table.Name}_ins\" AFTER INSERT ON \"{table.Name}\" WHEN NEW.date_created IS NULL OR NEW.date_last_modified IS NULL BEGIN ")
                .Append($"UPDATE \"{table.Name}\" SET date_created = COALESCE(NEW.date_created, sandbox_now()), date_last_modified = COALESCE(NEW.date_last_modified, sandbox_now()) WHERE rowid = NEW.rowid; END;\n");
            sql.Append($"CREATE TRIGGER \"trg_{table.Name}_upd\" AFTER UPDATE ON \"{table.Name}\" WHEN NEW.date_last_modified IS OLD.date_last_modified AND NEW.date_created IS OLD.date_created BEGIN ")
                .Append($"UPDATE \"{table.Name}\" SET date_last_modified = sandbox_now() WHERE rowid = NEW.rowid; END;\n");
        }

        foreach (TableDef table in TableCatalog.Tables)
        {
            foreach (string column in new[] { "date_last_modified", "item_id", "customer_id", "order_no" })
            {
                if (table.Column(column) is not { } def)
                {
                    continue;
                }

                if (!(table.Key.Count == 1 && table.Key[0] == column))
                {
                    sql.Append($"CREATE INDEX \"ix_{table.Name}_{column}\" ON \"{table.Name}\" (\"{column}\");\n");
                }

                // OData compares strings case-insensitively (SQL Server's CI collation); keep those lookups indexed too.
                if (def.Kind == ColumnKind.Text)
                {
                    sql.Append($"CREATE INDEX \"ix_{table.Name}_{column}_nocase\" ON \"{table.Name}\" (\"{column}\" COLLATE NOCASE);\n");
                }
            }
        }

        // inv_mast.item_id is unique in P21, under the same collation.
        sql.Append("CREATE UNIQUE INDEX \"ux_inv_mast_item_id\" ON \"inv_mast\" (\"item_id\" COLLATE NOCASE);\n");

        foreach ((string view, string table) in TableCatalog.Views)
        {
            sql.Append($"CREATE VIEW \"{view}\" AS SELECT * FROM \"{table}\";\n");
        }

        return sql.ToString();
    }

    private Dictionary<string, TableDef> ReadSchema()
    {
        var result = new Dictionary<string, TableDef>(StringComparer.Ordinal);
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        foreach (TableDef table in TableCatalog.Tables)
        {
            if (!table.Name.EndsWith("_ud", StringComparison.Ordinal))
            {
                result[table.Name] = table;
                continue;
            }

            var columns = new List<ColumnDef>();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = $"SELECT name, type FROM pragma_table_info('{table.Name}')";
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                string type = reader.GetString(1);
                int open = type.IndexOf('(', StringComparison.Ordinal);
                int length = open > 0 && int.TryParse(type.AsSpan(open + 1, type.Length - open - 2), System.Globalization.CultureInfo.InvariantCulture, out int n) ? n : 255;
                columns.Add(new ColumnDef(reader.GetString(0), TableCatalog.KindOf(type), length));
            }

            result[table.Name] = table with { Columns = columns };
        }

        foreach ((string view, string table) in TableCatalog.Views)
        {
            result[view] = result[table] with { Name = view };
        }

        foreach (EsViewDef view in TableCatalog.EsViews)
        {
            result[view.Name] = view.Table;
        }

        return result;
    }
}
