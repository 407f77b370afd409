using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace P21.Benchmarks.EndToEnd;

/// <summary>
/// The P21 sandbox in its own process, so the bench process's memory figures are the connector's alone and the
/// sandbox's CPU is not counted against ours. Driven through its <c>/_sandbox</c> control endpoints.
/// </summary>
internal sealed class SandboxProcess : IAsyncDisposable
{
    public const string UserName = "api_user";
    public const string Password = "api_password";

    private readonly Process _process;
    private readonly HttpClient _control;

    private SandboxProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        _control = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
    }

    public Uri BaseAddress { get; }

    /// <summary>CPU time the sandbox process has used so far (serving, SQLite).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>The simulated server's UTC offset (the sandbox default).</summary>
    public static TimeSpan UtcOffset => TimeSpan.FromHours(-5);

    /// <summary>Starts the sandbox; <paramref name="settings"/> are <c>Sandbox:*</c> options (an existing DatabasePath is reused, not reseeded).</summary>
    public static async Task<SandboxProcess> StartAsync(IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "P21.Sandbox.exe" : "P21.Sandbox"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var (name, value) in settings)
        {
            start.ArgumentList.Add($"--Sandbox:{name}={value}");
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException("the sandbox process did not start");
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"[sandbox] {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var sandbox = new SandboxProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        await sandbox.WaitReadyAsync(cancellationToken).ConfigureAwait(false);
        return sandbox;
    }

    public async Task SetLatencyAsync(int milliseconds, CancellationToken cancellationToken)
    {
        using var response = await _control.PutAsJsonAsync("_sandbox/faults", new { latencyMs = milliseconds }, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    public async Task ResetStatsAsync(CancellationToken cancellationToken)
    {
        using var response = await _control.DeleteAsync(new Uri("_sandbox/stats", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Requests (all API families, /_sandbox excluded) and OData rows served since the last reset.</summary>
    public async Task<SandboxCounters> StatsAsync(CancellationToken cancellationToken)
    {
        var node = await _control.GetFromJsonAsync<JsonObject>("_sandbox/stats", cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("empty stats");
        var families = node["requestsByFamily"]?.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<long>()) ?? [];
        return new SandboxCounters(node["totalRequests"]!.GetValue<long>(), node["rowsServed"]!.GetValue<long>(), families);
    }

    /// <summary>Inserts or updates one row by its key through the control endpoint.</summary>
    public async Task PutRowAsync(string table, JsonObject row, CancellationToken cancellationToken)
    {
        using var content = new StringContent(row.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using var response = await _control.PutAsync(new Uri($"_sandbox/rows/{table}", UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PUT /_sandbox/rows/{table} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
        }
    }

    /// <summary>
    /// A server-local timestamp exactly as the sandbox stores it (<c>yyyy-MM-dd HH:mm:ss</c>): the control endpoint writes
    /// the text as sent and SQLite compares text, so an ISO 'T' separator would sort after every same-day stored value.
    /// </summary>
    public static string ServerLocal(DateTimeOffset utc) =>
        utc.ToOffset(UtcOffset).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        _control.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        // Seeding 100k items + 300k inv_loc on a first run takes minutes; Kestrel listens only after the seed.
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(30))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the sandbox exited with code {_process.ExitCode} before it listened");
            }

            try
            {
                using var response = await _control.GetAsync(new Uri("_sandbox/stats", UriKind.Relative), cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException("the sandbox did not listen within 30 minutes");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Sandbox counters at one moment.</summary>
internal sealed record SandboxCounters(long TotalRequests, long RowsServed, IReadOnlyDictionary<string, long> RequestsByFamily)
{
    public long Requests(string family) => RequestsByFamily.GetValueOrDefault(family);

    public string Describe() => string.Join(", ", RequestsByFamily.Where(p => p.Key != "sandbox").OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"));
}

/// <summary>Reads a JSON number or string cell.</summary>
internal static class JsonCell
{
    public static string? Text(JsonElement row, string column) =>
        row.TryGetProperty(column, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText() : null;
}
