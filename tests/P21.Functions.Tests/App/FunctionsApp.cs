using System.Globalization;
using System.Text;

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Testing;

using P21.Connector.Client;
using P21.Connector.Commands;
using P21.Connector.Events;
using P21.Connector.Queues;
using P21.Functions.Hosting;
using P21.Sandbox;

namespace P21.Functions.Tests.App;

/// <summary>
/// The app's own composition (<see cref="FunctionsServiceCollectionExtensions.AddP21Functions"/>) over the sandbox, with
/// only the two Service Bus edges swapped for the core's in-memory sink and queue.
/// </summary>
internal sealed class FunctionsApp : IAsyncDisposable
{
    public const string Connection = "sandbox";

    public static readonly string GenericSecret = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("functions-test-key-0123456789abcdef"));

    private FunctionsApp(ServiceProvider services)
    {
        Services = services;
        Sink = services.GetRequiredService<InMemoryChangeSink>();
        Queue = services.GetRequiredService<InMemoryCommandQueue>();
        Logs = services.GetRequiredService<FakeLogCollector>();
    }

    public ServiceProvider Services { get; }

    public InMemoryChangeSink Sink { get; }

    public InMemoryCommandQueue Queue { get; }

    public FakeLogCollector Logs { get; }

    public P21Client P21 => Services.GetRequiredService<IP21ClientProvider>().Get(Connection);

    /// <summary>The settings a deployment would have, pointed at <paramref name="sandbox"/> and in-memory storage.</summary>
    public static Dictionary<string, string?> Settings(SandboxHost sandbox)
    {
        var settings = DeploymentSettings(sandbox);
        foreach (var schedule in TimerSchedules.SettingNames)
        {
            settings[schedule] = "0 */5 * * * *";
        }

        return settings;
    }

    private static Dictionary<string, string?> DeploymentSettings(SandboxHost sandbox) => new()
    {
        [$"P21:Connections:{Connection}:BaseUrl"] = sandbox.BaseAddress.ToString(),
        [$"P21:Connections:{Connection}:AuthMode"] = "UserPassword",
        [$"P21:Connections:{Connection}:UserName"] = SandboxFixture.Options.UserName,
        [$"P21:Connections:{Connection}:PasswordSecretName"] = "p21-sandbox-password",
        [$"P21:Connections:{Connection}:ServerUtcOffset"] = SandboxFixture.Options.UtcOffset.ToString("c", CultureInfo.InvariantCulture),
        [$"P21:Connections:{Connection}:PageSize"] = "25",
        ["Secrets:p21-sandbox-password"] = SandboxFixture.Options.Password,
        ["Secrets:webhook-generic"] = GenericSecret,
        ["Storage:ConnectionString"] = "memory",
        ["ServiceBus:fullyQualifiedNamespace"] = "p21-test.servicebus.windows.net",
        ["Intake:Connection"] = Connection,
        ["Writer:DefaultSalesLocationId"] = "10",
        ["Writer:DefaultSalesrepId"] = "1001",
        ["Writer:DefaultBranch"] = "10",
    };

    public static FunctionsApp Start(SandboxHost sandbox, Action<Dictionary<string, string?>>? change = null, Action<IServiceCollection>? replace = null)
    {
        var settings = Settings(sandbox);
        change?.Invoke(settings);
        var services = Compose(settings);
        services.AddSingleton<InMemoryChangeSink>();
        services.Replace(ServiceDescriptor.Singleton<IChangeSink>(sp => sp.GetRequiredService<InMemoryChangeSink>()));
        services.Replace(ServiceDescriptor.Singleton<ICommandQueue>(sp => sp.GetRequiredService<InMemoryCommandQueue>()));
        replace?.Invoke(services);
        return new FunctionsApp(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
    }

    /// <summary>What Program.cs composes (except that in-memory stores are allowed here), plus fake logging.</summary>
    public static ServiceCollection Compose(IReadOnlyDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddP21Functions(configuration, allowInMemoryStores: true);
        services.AddFakeLogging();
        return services;
    }

    /// <summary>A trigger class built the way the worker builds it: constructor injection from the app's container.</summary>
    public T Function<T>() => ActivatorUtilities.CreateInstance<T>(Services);

    public ValueTask DisposeAsync() => Services.DisposeAsync();

    /// <summary>A request with a real body stream, as the ASP.NET Core integration hands it to a function.</summary>
    public DefaultHttpContext Request(string method, string path, byte[]? body = null, string? contentType = "application/json", IDictionary<string, string>? headers = null)
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Request.Method = method;
        context.Request.Path = path;
        context.Request.ContentType = contentType;
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Request.Headers[name] = value;
        }

        if (body is not null)
        {
            context.Request.Body = new MemoryStream(body);
            context.Request.ContentLength = body.Length;
        }

        context.Response.Body = new MemoryStream();
        return context;
    }

    /// <summary>Runs the result as MVC would and returns status, content type and body text.</summary>
    public static async Task<(int Status, string? ContentType, string Body)> ExecuteAsync(IActionResult result, HttpContext context)
    {
        var services = new ServiceCollection().AddLogging().AddMvcCore().Services.BuildServiceProvider();
        await using var _ = services;
        context.RequestServices = services;
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        context.Response.Body.Position = 0;
        using var reader = new StreamReader(context.Response.Body, leaveOpen: true);
        return (context.Response.StatusCode, context.Response.ContentType, await reader.ReadToEndAsync());
    }
}
