using System.Reflection;
using System.Text.Json.Serialization;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using P21.Connector.Commands;
using P21.Connector.Write;

namespace P21.Connector.Tests.Write;

/// <summary>
/// A command kind is named once, by its payload's <c>[JsonDerivedType]</c>, and written by the handler
/// <c>AddCommand&lt;TPayload, THandler&gt;()</c> registers; these guards fail when a payload has no handler, when the
/// kind list and the JSON discriminators disagree, or when a payload of the assembly was never declared a kind.
/// </summary>
public sealed class CommandKindRegistryTests
{
    public static TheoryData<string> Kinds() => [.. WriteCommandKind.All.Select(k => k.Name)];

    private static readonly IReadOnlyDictionary<string, Type> PayloadTypes = typeof(WriteCommandPayload)
        .GetCustomAttributes<JsonDerivedTypeAttribute>()
        .ToDictionary(a => (string)a.TypeDiscriminator!, a => a.DerivedType, StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryKind_HasAWireNameAPayloadTypeAndAHandlerForThatPayload(string wireName)
    {
        Assert.True(WriteCommandKind.TryParse(wireName, out WriteCommandKind kind));
        Assert.Matches("^[A-Z][A-Za-z]+\\.[A-Z][A-Za-z]+$", wireName);
        Assert.True(PayloadTypes.TryGetValue(wireName, out Type? payload), $"WriteCommandPayload has no [JsonDerivedType] for '{wireName}'");

        var services = new ServiceCollection().AddP21Write(new ConfigurationBuilder().Build());
        ServiceDescriptor handler = Assert.Single(services, d => d.ServiceType == typeof(IWriteHandler) && d.IsKeyedService && Equals(d.ServiceKey, kind));
        Type? handles = BaseTypes(handler.KeyedImplementationType!)
            .FirstOrDefault(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(WriteHandler<>))?.GetGenericArguments()[0];
        Assert.True(handles == payload, $"{handler.KeyedImplementationType!.Name} handles {handles?.Name ?? "no payload"}, but '{wireName}' carries {payload!.Name}");
        Assert.Equal(payload, kind.PayloadType);
    }

    [Fact]
    public void EveryPayloadType_BelongsToAKind()
    {
        Type[] declared = [.. typeof(WriteCommandPayload).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(WriteCommandPayload)) && !t.IsAbstract)];

        Assert.NotEmpty(declared);
        Assert.All(declared, t => Assert.Contains(t, PayloadTypes.Values));
        Assert.Equal(PayloadTypes.Keys.Order(StringComparer.Ordinal), WriteCommandKind.All.Select(k => k.Name));
    }

    [Fact]
    public void Of_AnUndeclaredPayload_SaysWhatIsMissing()
    {
        ArgumentException refused = Assert.Throws<ArgumentException>(() => WriteCommandKind.Of(typeof(UndeclaredPayload)));

        Assert.Contains("[JsonDerivedType]", refused.Message, StringComparison.Ordinal);
        Assert.False(WriteCommandKind.TryParse("Undeclared.Payload", out _));
    }

    private sealed record UndeclaredPayload : WriteCommandPayload;

    private static IEnumerable<Type> BaseTypes(Type type)
    {
        for (Type? t = type; t is not null; t = t.BaseType)
        {
            yield return t;
        }
    }
}
