using System.CommandLine;
using System.Globalization;

using Microsoft.Extensions.Options;

using P21.Cli.Hosting;
using P21.Connector.Events;
using P21.Connector.Poll;
using P21.Connector.Push;

namespace P21.Cli.Commands.Push;

/// <summary>
/// Reads the cycle's change events (a fresh poll of each entity the target pushes, or a file) and hands them to
/// <see cref="PushDelivery.PushAsync"/>: stock, shipments and cancellations, as the host's push function would.
/// </summary>
internal sealed class PushAction(ParseResult parseResult, PushCommandDefinition definition, CliSession session)
{
    private readonly string _target = parseResult.GetValue(definition.Target)!;
    private readonly string? _fromFile = parseResult.GetValue(definition.FromFile);
    private readonly bool _dryRun = parseResult.GetValue(definition.DryRun);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        PushOptions options = session.Get<IOptions<PushOptions>>().Value;
        if (!options.Targets.TryGetValue(_target, out PushTargetOptions? target))
        {
            string known = options.Targets.Count == 0 ? "none is configured" : "configured: " + string.Join(", ", options.Targets.Keys.Order(StringComparer.Ordinal));
            throw new CliUsageException($"No push target '{_target}' ({known}). Add Push:Targets:{_target}:Platform, :Connection, :Address, :CredentialSecret and :Locations (docs/push.md).");
        }

        IReadOnlyList<ChangeEvent> events = _fromFile is null
            ? await PollAsync(target, cancellationToken)
            : await ReadAsync(_fromFile, cancellationToken);
        PushReport report = await session.Get<PushDelivery>().PushAsync(_target, events, cancellationToken, _dryRun);
        session.Output.Line(Summary(report, _dryRun));
        return report.Parked == 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }

    internal static string Summary(PushReport report, bool dryRun) => dryRun
        ? string.Create(CultureInfo.InvariantCulture,
            $"{report.Target} (dry run): {report.Events} events, {report.Coalesced} coalesced, {report.Stale + report.AlreadyPushed} stale or already pushed, {report.NotFromStore} not from this store; would push {report.WouldSet}, would park {report.Parked}; no store called")
        : string.Create(CultureInfo.InvariantCulture,
            $"{report.Target}: {report.Events} events, {report.ItemsSet} quantities set, {report.Shipped} shipments, {report.OrdersUpdated} orders updated in {report.Calls} calls ({report.Lookups} SKU look-ups), {report.ConflictsResolved} conflicts resolved, {report.Parked} parked (p21 parked list), {report.Stale + report.AlreadyPushed} stale or already pushed, {report.NotFromStore} not from this store");

    // The polls the timers would run for what the target pushes; a dry run leaves the watermarks where they were.
    private async Task<IReadOnlyList<ChangeEvent>> PollAsync(PushTargetOptions target, CancellationToken cancellationToken)
    {
        var sink = new InMemoryChangeSink();
        foreach (string entity in PushEntities.Known.Where(target.Pushes).Select(PushEntities.PollEntity).Distinct(StringComparer.Ordinal))
        {
            PollResult result = await session.Get<PollRunner>().RunAsync(
                new PollRequest(target.Connection, entity, PollMode.Incremental, DryRun: _dryRun) { IgnoreSchedule = true }, sink, cancellationToken);
            if (result.Outcome != PollOutcome.Completed)
            {
                throw new CliUsageException($"{entity}: {result.Message}");
            }
        }

        return sink.Events;
    }

    private static async Task<IReadOnlyList<ChangeEvent>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new CliUsageException($"--from-file {path}: no such file.");
        }

        var events = new List<ChangeEvent>();
        int number = 0;
        foreach (string line in await File.ReadAllLinesAsync(path, cancellationToken))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                events.Add(CloudEventJson.Deserialize(line));
            }
            catch (FormatException ex)
            {
                throw new CliUsageException($"--from-file {path} line {number}: {ex.Message} Each line must be one CloudEvent, as p21 sync --out writes them.", ex);
            }
        }

        return events;
    }
}
