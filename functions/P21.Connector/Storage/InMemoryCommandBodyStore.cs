using System.Collections.Concurrent;

namespace P21.Connector.Storage;

/// <summary>In-process <see cref="ICommandBodyStore"/>.</summary>
public sealed class InMemoryCommandBodyStore : ICommandBodyStore
{
    private readonly ConcurrentDictionary<(string Connection, string CommandId), string> _bodies = new();

    /// <inheritdoc />
    public Task PutAsync(string connection, string commandId, string body, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        ArgumentException.ThrowIfNullOrEmpty(commandId);
        ArgumentNullException.ThrowIfNull(body);
        _bodies[(connection, commandId)] = body;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<string?> GetAsync(string connection, string commandId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_bodies.GetValueOrDefault((connection, commandId)));

    /// <inheritdoc />
    public Task DeleteAsync(string connection, string commandId, CancellationToken cancellationToken = default)
    {
        _bodies.TryRemove((connection, commandId), out _);
        return Task.CompletedTask;
    }
}
