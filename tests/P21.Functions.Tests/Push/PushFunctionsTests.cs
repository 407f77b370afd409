using System.Reflection;
using System.Text.RegularExpressions;

using Microsoft.Azure.Functions.Worker;

using P21.Connector.Push;
using P21.Functions.Push;
using P21.Functions.Tests.Hosting;

namespace P21.Functions.Tests.Push;

/// <summary>
/// One push function per platform, on the subscription infra-bicep creates for it and under the name whose
/// <c>AzureWebJobs.{name}.Disabled</c> setting it writes for platforms not deployed.
/// </summary>
public sealed partial class PushFunctionsTests
{
    private static readonly IReadOnlyList<(MethodInfo Method, string Name, ServiceBusTriggerAttribute Trigger)> Functions =
        [.. typeof(PushFunctions).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .Select(m => (m, m.GetCustomAttribute<FunctionAttribute>()!.Name, m.GetParameters()[0].GetCustomAttribute<ServiceBusTriggerAttribute>()!))];

    [Fact]
    public void EveryPlatform_HasOneBatchedFunctionOnItsOwnSubscription()
    {
        Assert.Equal(Enum.GetNames<PushPlatform>().Select(p => "Push" + p).Order(StringComparer.Ordinal), Functions.Select(f => f.Name).Order(StringComparer.Ordinal));
        foreach (var (method, name, trigger) in Functions)
        {
            string platform = name["Push".Length..];
            Assert.Equal(("p21-changes", "push-" + platform.ToLowerInvariant(), "ServiceBus"), (trigger.TopicName, trigger.SubscriptionName, trigger.Connection));
            Assert.True(trigger.IsBatched, $"{name} must take a batch, so changes of one SKU collapse");
            Assert.Equal(typeof(string[]), method.GetParameters()[0].ParameterType);
        }
    }

    [Fact]
    public void Bicep_OffersThePlatformsAndNamesTheirSubscriptionsAndFunctionsTheSameWay()
    {
        string types = File.ReadAllText(RepositoryFiles.Path("infra-bicep/types.bicep"));
        string serviceBus = File.ReadAllText(RepositoryFiles.Path("infra-bicep/modules/servicebus.bicep"));
        string functionApp = File.ReadAllText(RepositoryFiles.Path("infra-bicep/modules/functionapp.bicep"));

        Match choices = PlatformType().Match(types);
        Assert.True(choices.Success, "types.bicep has no 'type pushPlatform = (...)'");
        Assert.Equal(Enum.GetNames<PushPlatform>().Order(StringComparer.Ordinal), Quoted().Matches(choices.Groups[1].Value).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal));
        Assert.Contains("name: 'push-${toLower(platform)}'", serviceBus, StringComparison.Ordinal);
        Assert.Contains("'AzureWebJobs.Push${p}.Disabled'", functionApp, StringComparison.Ordinal);
        Assert.Contains($"var allPushPlatforms = [{string.Join(", ", Enum.GetNames<PushPlatform>().Select(p => $"'{p}'"))}]", functionApp, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"type pushPlatform = \(([^)]*)\)")]
    private static partial Regex PlatformType();

    [GeneratedRegex(@"'([A-Za-z]+)'")]
    private static partial Regex Quoted();
}
