using System.Globalization;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace P21.Benchmarks.EndToEnd;

/// <summary>The connector's real services wired like a host, against a sandbox over loopback HTTP.</summary>
internal static class ConnectorServices
{
    public const string Connection = "bench";

    /// <summary>Client + secrets + stores (<paramref name="storage"/>: <c>memory</c> or a connection string) + poller.</summary>
    public static ServiceProvider ForPolling(
        SandboxProcess sandbox, int pageSize, string storage = "memory", int? concurrency = null, IEnumerable<KeyValuePair<string, string?>>? extra = null,
        TimeProvider? time = null)
    {
        var configuration = Configuration(sandbox, pageSize, storage, concurrency, extra);
        return new ServiceCollection()
            .AddSingleton(time ?? TimeProvider.System)
            .AddSingleton(configuration)
            .AddP21Secrets(configuration)
            .AddP21Client(configuration)
            .AddP21Storage(configuration)
            .AddP21Poll(configuration)
            .BuildServiceProvider();
    }

    public static IConfiguration Configuration(SandboxProcess sandbox, int pageSize, string storage, int? concurrency, IEnumerable<KeyValuePair<string, string?>>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"P21:Connections:{Connection}:BaseUrl"] = sandbox.BaseAddress.ToString(),
            [$"P21:Connections:{Connection}:UserName"] = SandboxProcess.UserName,
            [$"P21:Connections:{Connection}:PasswordSecretName"] = "p21-password",
            [$"P21:Connections:{Connection}:ServerUtcOffset"] = SandboxProcess.UtcOffset.ToString("c", CultureInfo.InvariantCulture),
            [$"P21:Connections:{Connection}:PageSize"] = pageSize.ToString(CultureInfo.InvariantCulture),
            ["Secrets:p21-password"] = SandboxProcess.Password,
            ["Storage:ConnectionString"] = storage,
            ["Storage:TablePrefix"] = "bench" + Guid.NewGuid().ToString("N")[..8],
        };
        if (concurrency is { } c)
        {
            settings[$"P21:Connections:{Connection}:WriteConcurrency"] = c.ToString(CultureInfo.InvariantCulture);
            settings[$"P21:Connections:{Connection}:ReadConcurrency"] = c.ToString(CultureInfo.InvariantCulture);
        }

        return new ConfigurationBuilder().AddInMemoryCollection(settings).AddInMemoryCollection(extra ?? []).Build();
    }
}
