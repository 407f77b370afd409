// TEMPORARY: stand-ins for the `client` branch contract until it is merged. Delete on merge.
#pragma warning disable CS1591
using System.Globalization;
using System.Text.Json;

namespace P21.Connector.Client;

public enum ODataSurface { Table, View }

public sealed record KeysetPosition(DateTimeOffset ModifiedUtc, IReadOnlyList<object?> Key);

public sealed record ChangeQuery(string Name, IReadOnlyList<string> KeyColumns, IReadOnlyList<string>? Select, string? Filter,
    KeysetPosition? After, int? PageSize, ODataSurface Surface = ODataSurface.Table);

public sealed record ODataQuery(string Name, string? Filter = null, IReadOnlyList<string>? Select = null, string? OrderBy = null,
    int? PageSize = null, ODataSurface Surface = ODataSurface.Table);

public sealed class P21Row(IReadOnlyDictionary<string, JsonElement> values)
{
    public IEnumerable<string> ColumnNames => values.Keys;
    public bool TryGet(string column, out JsonElement value) => values.TryGetValue(column, out value);
    public string? GetString(string column) => values.TryGetValue(column, out var v) && v.ValueKind != JsonValueKind.Null ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText() : null;
    public decimal? GetDecimal(string column) => values.TryGetValue(column, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDecimal() : null;
    public long? GetInt64(string column) => values.TryGetValue(column, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : null;
    public bool? GetBoolean(string column) => GetString(column) switch { "Y" => true, "N" => false, _ => null };
    public DateTimeOffset? GetDateTimeOffset(string column) => GetString(column) is { } s ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture) : null;
}

public sealed record P21Page(IReadOnlyList<P21Row> Rows, KeysetPosition? Last);

public class P21Client
{
    public virtual IAsyncEnumerable<P21Page> ReadChangedPagesAsync(ChangeQuery query, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    public virtual IAsyncEnumerable<P21Row> QueryAsync(ODataQuery query, CancellationToken cancellationToken = default) => throw new NotImplementedException();
}

public interface IP21ClientProvider
{
    P21Client Get(string connectionName);
    IReadOnlyCollection<string> ConnectionNames { get; }
}

public class P21RequestFailedException(string message) : Exception(message)
{
    public bool IsTransient { get; init; }
}
