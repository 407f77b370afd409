using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

using P21.Connector.Client;
using P21.Connector.Connections;
using P21.Connector.Events;
using P21.Connector.Poll;
using P21.Connector.Poll.Entities;
using P21.Connector.Storage;

namespace P21.Connector.Tests.Poll;

/// <summary>The change probe: which entities may use it, from when it asks, and every path where it must not decide.</summary>
public class ChangeProbeTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(10);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly FakeEsViewClient _client = new();
    private readonly InMemoryWatermarkStore _watermarks;
    private readonly InMemoryFingerprintStore _fingerprints = new();

    public ChangeProbeTests() => _watermarks = new InMemoryWatermarkStore(_time);

    /// <summary>Each entity's probe view and the tables it is stated to cover; null: the entity has no probe.</summary>
    public static TheoryData<string, string?, string[]> Coverage() => new()
    {
        { "customers", null, [] },
        { "items", "p21_view_es_item", ["inv_mast", "inv_mast_ud"] },
        { "inventory", null, [] },
        { "prices", null, [] },
        { "vendors", "p21_view_es_vendor", ["vendor", "address"] },
        { "purchase-orders", null, [] },
        { "sales-orders", "p21_view_es_sales_order", ["oe_hdr", "oe_hdr_ud", "oe_line"] },
        { "shipments", null, [] },
        { "invoices", "p21_view_es_invoice_hdr", ["invoice_hdr", "invoice_line"] },
    };

    [Theory]
    [MemberData(nameof(Coverage))]
    public void EveryEntity_ProbeViewCoversEveryStreamItPolls(string name, string? view, string[] covers)
    {
        var entity = PollEntityCatalogue.Default.Get(name);

        Assert.Equal(view, entity.ChangeProbe?.View);
        if (entity.ChangeProbe is { } probe)
        {
            Assert.Equal(covers, probe.Covers);
            Assert.True(probe.CoversAll(entity));
            Assert.All(entity.Streams, s => Assert.Contains(s.Table, covers));
        }
    }

    [Fact]
    public void Coverage_TableIsEveryCatalogueEntity()
    {
        Assert.Equal(PollEntityCatalogue.Default.Names.Order(StringComparer.Ordinal), Coverage().Select(row => (string)row[0]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void CoversAll_ViewMissingATriggerTable_IsFalse_AndSinceIsNull()
    {
        var items = new ProbeOverride(PollEntityCatalogue.Default.Get("items"), new ChangeProbe("p21_view_es_item", ["inv_mast"]));
        var position = new PollPosition();
        position.MarkRead(["inv_mast", "inv_mast_ud"], Start);

        Assert.False(items.ChangeProbe!.CoversAll(items));
        Assert.Null(ChangeProbeCheck.SinceOf(items, position, Overlap, Start, null));
    }

    [Fact]
    public void SinceOf_OldestFullReadLessOverlap()
    {
        var position = new PollPosition();
        position.MarkRead(["inv_mast"], Start);
        position.MarkRead(["INV_MAST_UD"], Start.AddMinutes(-3));

        Assert.Equal(Start.AddMinutes(-13), ChangeProbeCheck.SinceOf(PollEntityCatalogue.Default.Get("items"), position, Overlap, Start, null));
    }

    [Fact]
    public void SinceOf_WhereTheProbeMustNotDecide_IsNull()
    {
        var items = PollEntityCatalogue.Default.Get("items");
        var read = new PollPosition();
        read.MarkRead(["inv_mast", "inv_mast_ud"], Start);
        var oneStream = new PollPosition();
        oneStream.MarkRead(["inv_mast"], Start);
        var backfilling = PollPosition.Parse(read.ToJson());
        backfilling.Backfill = new BackfillProgress();

        Assert.NotNull(ChangeProbeCheck.SinceOf(items, read, Overlap, Start, null));
        Assert.Null(ChangeProbeCheck.SinceOf(items, new PollPosition(), Overlap, Start, null));
        Assert.Null(ChangeProbeCheck.SinceOf(items, oneStream, Overlap, Start, null));
        Assert.Null(ChangeProbeCheck.SinceOf(items, backfilling, Overlap, Start, null));
        Assert.Null(ChangeProbeCheck.SinceOf(items, read, TimeSpan.Zero, Start, null));
        Assert.Null(ChangeProbeCheck.SinceOf(PollEntityCatalogue.Default.Get("customers"), read, Overlap, Start, null));
    }

    [Fact]
    public void SinceOf_FullReadAsOldAsFullReadEvery_IsNull_JustYoungerAsks()
    {
        var position = new PollPosition();
        position.MarkRead(["inv_mast", "inv_mast_ud"], Start);
        var items = PollEntityCatalogue.Default.Get("items");
        var every = TimeSpan.FromDays(1);

        Assert.Equal(Start - Overlap, ChangeProbeCheck.SinceOf(items, position, Overlap, Start + every - TimeSpan.FromSeconds(1), every));
        Assert.Null(ChangeProbeCheck.SinceOf(items, position, Overlap, Start + every, every));
        Assert.Equal(Start - Overlap, ChangeProbeCheck.SinceOf(items, position, Overlap, Start.AddDays(400), null));
    }

    [Fact]
    public async Task RunAsync_QuietForAFullDay_NextRunReadsTheStreams_ThenQuietAgain()
    {
        var sut = CreateSut();
        await RunAsync(sut);
        _time.Advance(TimeSpan.FromHours(23));
        var quiet = await RunAsync(sut);
        _time.Advance(TimeSpan.FromHours(1));
        _client.Clear();

        var forced = await RunAsync(sut);
        var forcedProbes = _client.Probes.Count;
        var forcedReads = _client.StreamReads.ToList();
        _time.Advance(TimeSpan.FromMinutes(30));
        var after = await RunAsync(sut);

        Assert.True(quiet.Quiet);
        Assert.False(forced.Quiet);
        Assert.Equal(0, forcedProbes);
        Assert.Equal(["inv_mast", "inv_mast_ud"], forcedReads);
        Assert.True(after.Quiet);
    }

    [Fact]
    public void PollOptions_ChangeProbeDefaults_OnWithADailyFullRead()
    {
        var options = new PollOptions();

        Assert.True(options.ChangeProbe);
        Assert.Equal(TimeSpan.FromDays(1), options.ChangeProbeFullReadEvery);
        Assert.True(new P21ConnectionOptions().ChangeProbe);
    }

    [Fact]
    public void PollOptions_ChangeProbeSettingsBind_EmptyFullReadEveryIsNever()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["P21:Polling:ChangeProbe"] = "false",
            ["P21:Polling:ChangeProbeFullReadEvery"] = "",
        }).Build();

        var options = configuration.GetSection(PollOptions.SectionName).Get<PollOptions>()!;

        Assert.False(options.ChangeProbe);
        Assert.Null(options.ChangeProbeFullReadEvery);
    }

    [Fact]
    public void Position_ReadUtcSurvivesJson_CaseInsensitive()
    {
        var position = new PollPosition();
        position.MarkRead(["inv_mast", "inv_mast_ud"], Start.ToOffset(TimeSpan.FromHours(-5)));

        var parsed = PollPosition.Parse(position.ToJson());

        Assert.Equal(Start, parsed.ReadUtc!["INV_MAST"]);
        Assert.Equal(TimeSpan.Zero, parsed.ReadUtc["inv_mast_ud"].Offset);
        Assert.Null(PollPosition.Parse("""{"version":1,"streams":{}}""").ReadUtc);
    }

    [Fact]
    public void ChangeProbeViews_MarkMissingOncePerConnectionAndView()
    {
        var views = new ChangeProbeViews();

        Assert.True(views.MarkMissing("main", "p21_view_es_item"));
        Assert.False(views.MarkMissing("MAIN", "P21_VIEW_ES_ITEM"));
        Assert.True(views.IsMissing("Main", "p21_view_es_item"));
        Assert.False(views.IsMissing("other", "p21_view_es_item"));
        Assert.False(views.IsMissing("main", "p21_view_es_vendor"));
    }

    [Fact]
    public async Task RunAsync_FirstRunReadsStreams_SecondQuietRunIsOneProbeSinceFirstReadLessOverlap()
    {
        var sut = CreateSut();

        var first = await RunAsync(sut);
        var firstReads = _client.StreamReads.ToList();
        var firstProbes = _client.Probes.Count;
        _client.Clear();
        _time.Advance(TimeSpan.FromMinutes(30));
        var second = await RunAsync(sut);

        Assert.False(first.Quiet);
        Assert.Equal(["inv_mast", "inv_mast_ud"], firstReads);
        Assert.Equal(0, firstProbes);
        Assert.True(second.Quiet);
        Assert.Equal(PollOutcome.Completed, second.Outcome);
        Assert.Empty(_client.StreamReads);
        Assert.Equal(1, second.P21Requests);
        var probe = Assert.Single(_client.Probes);
        Assert.Equal(("p21_view_es_item", "max_date_last_modified", Start - Overlap), probe);
    }

    [Fact]
    public async Task RunAsync_ProbeSeesAChange_ReadsEveryStream_AndMovesTheFullReadForward()
    {
        var sut = CreateSut();
        await RunAsync(sut);
        _time.Advance(TimeSpan.FromMinutes(30));
        _client.ProbeAnswer = static () => true;

        _client.Clear();
        var busy = await RunAsync(sut);
        var busyReads = _client.StreamReads.ToList();
        _client.Clear();
        _client.ProbeAnswer = static () => false;
        await RunAsync(sut);

        Assert.False(busy.Quiet);
        Assert.Equal(["inv_mast", "inv_mast_ud"], busyReads);
        Assert.Equal(Start.AddMinutes(30) - Overlap, Assert.Single(_client.Probes).Since);
    }

    [Fact]
    public async Task RunAsync_QuietRun_MovesNoPosition()
    {
        var sut = CreateSut();
        await RunAsync(sut);
        var before = (await _watermarks.GetAsync("fake", "items"))!.Position;
        _time.Advance(TimeSpan.FromMinutes(30));

        var quiet = await RunAsync(sut);

        Assert.True(quiet.Quiet);
        Assert.Equal(before, (await _watermarks.GetAsync("fake", "items"))!.Position);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(400)]
    [InlineData(403)]
    public async Task RunAsync_ViewMissing_ReadsStreams_AndNeverAsksAgainOnThatConnection(int status)
    {
        var sut = CreateSut();
        await RunAsync(sut);
        _client.ProbeAnswer = () => throw (status == 404 ? new P21NotFoundException("no such view") : new P21RequestFailedException("refused", status, isTransient: false));
        _client.Clear();

        var fallback = await RunAsync(sut);
        var fallbackProbes = _client.Probes.Count;
        _client.Clear();
        var after = await RunAsync(sut);

        Assert.Equal(PollOutcome.Completed, fallback.Outcome);
        Assert.False(fallback.Quiet);
        Assert.Equal(1, fallbackProbes);
        Assert.Equal(["inv_mast", "inv_mast_ud"], _client.StreamReads);
        Assert.Empty(_client.Probes);
        Assert.False(after.Quiet);
    }

    [Fact]
    public async Task RunAsync_ProbeFailsOtherwise_ReadsStreams_AndAsksAgainNextRun()
    {
        var sut = CreateSut();
        await RunAsync(sut);
        _client.ProbeAnswer = static () => throw new P21RequestFailedException("busy", 503, isTransient: true);
        _client.Clear();

        var fallback = await RunAsync(sut);
        var fallbackReads = _client.StreamReads.ToList();
        _client.ProbeAnswer = static () => false;
        _client.Clear();
        var next = await RunAsync(sut);

        Assert.Equal(PollOutcome.Completed, fallback.Outcome);
        Assert.Equal(["inv_mast", "inv_mast_ud"], fallbackReads);
        Assert.True(next.Quiet);
        Assert.Single(_client.Probes);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task RunAsync_ProbeTurnedOff_GloballyOrForTheConnection_EveryRunReadsEveryStream(bool global, bool connection)
    {
        var sut = CreateSut(changeProbe: global, connectionChangeProbe: connection);
        await RunAsync(sut);
        _time.Advance(TimeSpan.FromMinutes(30));
        _client.Clear();

        var second = await RunAsync(sut);

        Assert.False(second.Quiet);
        Assert.Empty(_client.Probes);
        Assert.Equal(["inv_mast", "inv_mast_ud"], _client.StreamReads);
    }

    [Fact]
    public async Task RunAsync_ZeroOverlap_NeverProbes()
    {
        var sut = CreateSut(new EntityPollOptions { Overlap = TimeSpan.Zero });
        await RunAsync(sut);
        _client.Clear();

        var second = await RunAsync(sut);

        Assert.False(second.Quiet);
        Assert.Empty(_client.Probes);
    }

    [Fact]
    public async Task RunAsync_BackfillAndKeyScanModes_NeverProbe()
    {
        var sut = CreateSut();
        await RunAsync(sut);
        _client.Clear();

        await sut.RunAsync(new PollRequest("fake", "items", PollMode.Backfill), new InMemoryChangeSink());
        await sut.RunAsync(new PollRequest("fake", "items", PollMode.KeyScan), new InMemoryChangeSink());

        Assert.Empty(_client.Probes);
        Assert.NotEmpty(_client.StreamReads);
    }

    [Fact]
    public async Task RunAsync_StreamFailsHalfWay_KeepsTheEarlierFullRead()
    {
        var sut = CreateSut();
        await RunAsync(sut);
        _time.Advance(TimeSpan.FromMinutes(30));
        _client.ProbeAnswer = static () => true;
        var failing = new FailingStreamClient("inv_mast_ud");

        await Assert.ThrowsAnyAsync<P21RequestFailedException>(() => CreateSut(client: failing).RunAsync(new PollRequest("fake", "items"), new InMemoryChangeSink()));
        var position = PollPosition.Parse((await _watermarks.GetAsync("fake", "items"))!.Position);

        Assert.Equal(Start, position.ReadUtc!["inv_mast"]);
        Assert.Equal(Start, position.ReadUtc["inv_mast_ud"]);
    }

    private PollRunner CreateSut(EntityPollOptions? options = null, bool changeProbe = true, bool connectionChangeProbe = true, P21Client? client = null) =>
        PollRunnerFactory.Create(new FakeClientProvider(client ?? _client), _watermarks, _fingerprints, _time, options, 3, "items", changeProbe, connectionChangeProbe);

    private static Task<PollResult> RunAsync(PollRunner sut) => sut.RunAsync(new PollRequest("fake", "items"), new InMemoryChangeSink());

    /// <summary>An entity with another probe, for coverage checks.</summary>
    private sealed class ProbeOverride(PollEntity inner, ChangeProbe probe) : PollEntity
    {
        public override string Name => inner.Name;

        public override string EventName => inner.EventName;

        public override PollSource Primary => inner.Primary;

        public override IReadOnlyList<PollTrigger> Triggers => inner.Triggers;

        public override ChangeProbe ChangeProbe => probe;

        public override ValueTask<IReadOnlyList<EntityRecord>> MapAsync(IReadOnlyList<P21.Connector.Client.Models.P21Row> rows, RowLookup lookup, CancellationToken cancellationToken) =>
            inner.MapAsync(rows, lookup, cancellationToken);
    }

    /// <summary>Reads every stream but <c>table</c>, which fails; the probe always sees a change.</summary>
    private sealed class FailingStreamClient(string table) : P21Client
    {
        public override TimeSpan ServerUtcOffset => TimeSpan.FromHours(-5);

        public override async IAsyncEnumerable<P21.Connector.Client.Models.P21Page> ReadChangedPagesAsync(P21.Connector.Client.Models.ChangeQuery query,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(query);
            await Task.Yield();
            if (string.Equals(query.Name, table, StringComparison.Ordinal))
            {
                throw new P21RequestFailedException("stream down", 500, isTransient: true);
            }

            yield break;
        }

        public override Task<bool> AnyModifiedSinceAsync(string name, string modifiedColumn, DateTimeOffset since, P21.Connector.Client.Models.ODataSurface surface = P21.Connector.Client.Models.ODataSurface.View,
            CancellationToken cancellationToken = default) => Task.FromResult(true);
    }
}
