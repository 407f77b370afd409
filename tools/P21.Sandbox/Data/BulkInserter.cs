using Microsoft.Data.Sqlite;

namespace P21.Sandbox.Data;

/// <summary>A prepared INSERT reused for every row of one table (the fast path SQLite wants for bulk loads).</summary>
internal sealed class BulkInserter : IAsyncDisposable
{
    private readonly SqliteCommand _command;
    private readonly SqliteParameter[] _parameters;

    public BulkInserter(SqliteConnection connection, SqliteTransaction transaction, string table, params string[] columns)
    {
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
        _command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(static c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select(static (_, i) => $"$p{i}"))})";
        _parameters = new SqliteParameter[columns.Length];
        for (int i = 0; i < columns.Length; i++)
        {
            _parameters[i] = _command.CreateParameter();
            _parameters[i].ParameterName = $"$p{i}";
            _parameters[i].Value = DBNull.Value;
            _command.Parameters.Add(_parameters[i]);
        }

        _command.Prepare();
    }

    public long Count { get; private set; }

    public void Insert(params object?[] values)
    {
        for (int i = 0; i < _parameters.Length; i++)
        {
            _parameters[i].Value = values[i] ?? DBNull.Value;
        }

        _command.ExecuteNonQuery();
        Count++;
    }

    public ValueTask DisposeAsync() => _command.DisposeAsync();
}
