using System.Runtime.CompilerServices;

using P21.Connector.Client;
using P21.Connector.Client.Models;

namespace P21.Connector.Tests.Poll;

/// <summary>
/// A P21 whose tables have no changed rows and whose es views answer the change probe as told: records every stream
/// read (by table) and every probe (view, column, since), so a test can count requests per run.
/// </summary>
internal sealed class FakeEsViewClient : P21Client
{
    private readonly List<string> _streamReads = [];
    private readonly List<(string View, string Column, DateTimeOffset Since)> _probes = [];

    /// <summary>What the next probes answer: true (a row changed), false (quiet), or throw this.</summary>
    public Func<bool> ProbeAnswer { get; set; } = static () => false;

    public IReadOnlyList<string> StreamReads => _streamReads;

    public IReadOnlyList<(string View, string Column, DateTimeOffset Since)> Probes => _probes;

    public override TimeSpan ServerUtcOffset => TimeSpan.FromHours(-5);

    public void Clear()
    {
        _streamReads.Clear();
        _probes.Clear();
    }

    public override async IAsyncEnumerable<P21Page> ReadChangedPagesAsync(ChangeQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await Task.Yield();
        _streamReads.Add(query.Name);
        yield break;
    }

    public override Task<KeysetPosition?> ReadNewestPositionAsync(ChangeQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        _streamReads.Add("newest:" + query.Name);
        return Task.FromResult<KeysetPosition?>(null);
    }

    public override Task<bool> AnyModifiedSinceAsync(string name, string modifiedColumn, DateTimeOffset since, ODataSurface surface = ODataSurface.View,
        CancellationToken cancellationToken = default)
    {
        _probes.Add((name, modifiedColumn, since));
        return Task.FromResult(ProbeAnswer());
    }
}
