using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

using Azure.Messaging.ServiceBus;

using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

using P21.Connector.Commands;
using P21.Connector.Events;
using P21.Connector.Poll;
using P21.Functions.Hosting;
using P21.Functions.Messaging;
using P21.Functions.Tests.App;

namespace P21.Functions.Tests.Hosting;

[Collection(AppCollection.Name)]
public sealed partial class CompositionTests(SandboxFixture fixture)
{
    private static readonly Type[] FunctionClasses = [.. typeof(FunctionsServiceCollectionExtensions).Assembly.GetTypes()
        .Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null))];

    [Fact]
    public async Task AddP21Functions_DeploymentSettings_ValidatesAndResolvesEveryFunctionClass()
    {
        var fake = new FakeServiceBusClient();
        await using var services = Build(FunctionsApp.Settings(fixture.Sandbox), fake);

        services.GetRequiredService<IStartupValidator>().Validate();

        Assert.NotEmpty(FunctionClasses);
        foreach (var type in FunctionClasses)
        {
            Assert.NotNull(ActivatorUtilities.CreateInstance(services, type));
        }

        Assert.IsType<ServiceBusChangeSink>(services.GetRequiredService<IChangeSink>());
        Assert.IsType<ServiceBusCommandQueue>(services.GetRequiredService<ICommandQueue>());
        Assert.Contains("p21-changes", fake.Senders);
        Assert.Contains("p21-writes", fake.Senders);
    }

    [Fact]
    public async Task AddP21Functions_MissingP21BaseUrl_FailsStartUpNamingTheSettingAndTheFix()
    {
        var settings = FunctionsApp.Settings(fixture.Sandbox);
        settings.Remove($"P21:Connections:{FunctionsApp.Connection}:BaseUrl");
        await using var services = Build(settings, new FakeServiceBusClient());

        var message = StartUpFailure(services);

        Assert.Contains($"P21:Connections:{FunctionsApp.Connection}:BaseUrl is missing", message, StringComparison.Ordinal);
        Assert.Contains("set it to the P21 middleware URL", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddP21Functions_MissingServiceBusNamespace_FailsStartUpNamingTheAppSetting()
    {
        var settings = FunctionsApp.Settings(fixture.Sandbox);
        settings.Remove("ServiceBus:fullyQualifiedNamespace");
        await using var services = Build(settings, new FakeServiceBusClient());

        var message = StartUpFailure(services);

        Assert.Contains("ServiceBus__fullyQualifiedNamespace", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://p21-prod.servicebus.windows.net/")]
    [InlineData("Endpoint=sb://p21-prod.servicebus.windows.net/;SharedAccessKeyName=x;SharedAccessKey=y")]
    public async Task AddP21Functions_NamespaceNotAHostName_FailsStartUpWithTheExpectedForm(string value)
    {
        var settings = FunctionsApp.Settings(fixture.Sandbox);
        settings["ServiceBus:fullyQualifiedNamespace"] = value;
        await using var services = Build(settings, new FakeServiceBusClient());

        var message = StartUpFailure(services);

        Assert.Contains("p21-prod.servicebus.windows.net (no scheme", message, StringComparison.Ordinal);
        Assert.DoesNotContain("SharedAccessKey=y", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddP21Functions_UnknownServiceBusCredential_FailsStartUpNamingTheSupportedValue()
    {
        var settings = FunctionsApp.Settings(fixture.Sandbox);
        settings["ServiceBus:credential"] = "connectionstring";
        await using var services = Build(settings, new FakeServiceBusClient());

        var message = StartUpFailure(services);

        Assert.Contains("use 'managedidentity'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddP21Functions_EmulatorConnectionStringInsteadOfNamespace_Validates()
    {
        var settings = FunctionsApp.Settings(fixture.Sandbox);
        settings.Remove("ServiceBus:fullyQualifiedNamespace");
        settings["ServiceBus"] = "Endpoint=sb://localhost;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;";
        await using var services = Build(settings, new FakeServiceBusClient());

        services.GetRequiredService<IStartupValidator>().Validate();

        Assert.NotNull(services.GetRequiredService<IOptions<ServiceBusMessagingOptions>>().Value.ConnectionString);
    }

    [Fact]
    public async Task AddP21Functions_LocalSettingsSample_PassesStartUpValidation()
    {
        // The sample must hold every setting start-up needs; only the sandbox URL differs on this machine.
        var settings = SampleValues();
        foreach (var key in settings.Keys.Where(k => k.EndsWith(":BaseUrl", StringComparison.Ordinal) || k.EndsWith("__BaseUrl", StringComparison.Ordinal)).ToList())
        {
            settings[key] = fixture.Sandbox.BaseAddress.ToString();
        }

        await using var services = Build(settings, new FakeServiceBusClient());

        services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void LocalSettingsSample_EverySettingATriggerNames_IsPresentAndSchedulesParse()
    {
        var values = SampleValues();
        var named = FunctionClasses.SelectMany(t => t.GetMethods())
            .SelectMany(m => m.GetParameters())
            .SelectMany(p => p.GetCustomAttributes())
            .SelectMany(a => a switch
            {
                TimerTriggerAttribute t => [t.Schedule],
                ServiceBusTriggerAttribute s => new[] { s.QueueName, s.TopicName }.OfType<string>(),
                _ => [],
            })
            .SelectMany(text => SettingReference().Matches(text).Select(m => m.Groups[1].Value))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(13, named.Count);
        Assert.Contains("Schema:Drift:Schedule", named);
        Assert.Contains("Amazon:Orders:Schedule", named);
        Assert.Contains("Amazon:Settlements:Schedule", named);
        foreach (var setting in named)
        {
            Assert.True(values.TryGetValue(setting, out var schedule), $"local.settings.sample.json lacks {setting}");
            Assert.Equal(6, schedule!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
            Assert.NotNull(PollRunner.ParseSchedule(schedule));
        }
    }

    [Fact]
    public void HostJson_ServiceBus_MatchesP21WriteConcurrencyAndRenewsLocksForTheWholeFunctionTimeout()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.Path("host.json")));
        var root = host.RootElement;
        var serviceBus = root.GetProperty("extensions").GetProperty("serviceBus");

        Assert.Equal(new P21.Connector.Connections.P21ConnectionOptions().WriteConcurrency, serviceBus.GetProperty("maxConcurrentCalls").GetInt32());
        Assert.True(serviceBus.GetProperty("autoCompleteMessages").GetBoolean());
        var renewal = TimeSpan.Parse(serviceBus.GetProperty("maxAutoLockRenewalDuration").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var timeout = TimeSpan.Parse(root.GetProperty("functionTimeout").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(renewal >= timeout, $"a message lock renewed for {renewal} can expire under a function allowed to run {timeout}");
    }

    private static ServiceProvider Build(IReadOnlyDictionary<string, string?> settings, ServiceBusClient serviceBus)
    {
        var services = FunctionsApp.Compose(settings);
        services.Replace(ServiceDescriptor.Singleton(serviceBus));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private static string StartUpFailure(ServiceProvider services)
    {
        var error = Assert.ThrowsAny<Exception>(() => services.GetRequiredService<IStartupValidator>().Validate());
        return Flatten(error);
    }

    private static string Flatten(Exception error) => error switch
    {
        AggregateException aggregate => string.Join(Environment.NewLine, aggregate.InnerExceptions.Select(Flatten)),
        OptionsValidationException options => string.Join(Environment.NewLine, options.Failures),
        _ => error.Message,
    };

    private static Dictionary<string, string?> SampleValues()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.Path("local.settings.sample.json")));
        // The Functions host turns "A__B" into configuration key "A:B"; do the same here.
        return sample.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(p => p.Name.Replace("__", ":", StringComparison.Ordinal), p => (string?)p.Value.GetString(), StringComparer.OrdinalIgnoreCase);
    }

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex SettingReference();
}
