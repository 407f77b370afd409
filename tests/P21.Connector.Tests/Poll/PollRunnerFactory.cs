using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

using P21.Connector.Client;
using P21.Connector.Connections;
using P21.Connector.Poll;
using P21.Connector.Poll.Entities;
using P21.Connector.Storage;

namespace P21.Connector.Tests.Poll;

internal static class PollRunnerFactory
{
    public static PollRunner Create(IP21ClientProvider clients, IWatermarkStore watermarks, IFingerprintStore fingerprints, TimeProvider time,
        EntityPollOptions? entityOptions = null, int? pageSize = null, string entity = "inventory", bool changeProbe = true, bool connectionChangeProbe = true)
    {
        var connector = new ConnectorOptions();
        var connection = new P21ConnectionOptions { Name = "fake", BaseUrl = new Uri("http://127.0.0.1/"), ChangeProbe = connectionChangeProbe };
        if (entityOptions is not null)
        {
            connection.Entities[entity] = entityOptions;
        }

        connector.Connections["fake"] = connection;
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        return new PollRunner(clients, watermarks, fingerprints, PollEntityCatalogue.Default, new StaticMonitor<ConnectorOptions>(connector),
            new StaticMonitor<PollOptions>(new PollOptions { PageSize = pageSize, ChangeProbe = changeProbe }), new PollMetrics(meters), time, NullLogger<PollRunner>.Instance);
    }

    private sealed class StaticMonitor<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
