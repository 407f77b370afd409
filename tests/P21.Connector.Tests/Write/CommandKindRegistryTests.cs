using System.Reflection;
using System.Text.Json.Serialization;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using P21.Connector.Commands;
using P21.Connector.Write;

namespace P21.Connector.Tests.Write;

/// <summary>
/// A command kind is named in three hand-kept places (the enum with its wire name, the payload's JSON discriminator and
/// the writer's handler map); these guards fail the build's tests when one of them is left out.
/// </summary>
public sealed class CommandKindRegistryTests
{
    public static TheoryData<WriteCommandKind> Kinds() => [.. Enum.GetValues<WriteCommandKind>()];

    private static readonly IReadOnlyDictionary<string, Type> PayloadTypes = typeof(WriteCommandPayload)
        .GetCustomAttributes<JsonDerivedTypeAttribute>()
        .ToDictionary(a => (string)a.TypeDiscriminator!, a => a.DerivedType, StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryKind_HasAWireNameAPayloadTypeAndAHandlerForThatPayload(WriteCommandKind kind)
    {
        string wireName = WriteCommandKindNames.Of(kind);
        Assert.True(PayloadTypes.TryGetValue(wireName, out Type? payload), $"WriteCommandPayload has no [JsonDerivedType] for '{wireName}'");

        var services = new ServiceCollection().AddP21Write(new ConfigurationBuilder().Build());
        ServiceDescriptor handler = Assert.Single(services, d => d.ServiceType == typeof(IWriteHandler) && d.IsKeyedService && Equals(d.ServiceKey, kind));
        Type? handles = BaseTypes(handler.KeyedImplementationType!)
            .FirstOrDefault(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(WriteHandler<>))?.GetGenericArguments()[0];
        Assert.True(handles == payload, $"{handler.KeyedImplementationType!.Name} handles {handles?.Name ?? "no payload"}, but '{wireName}' carries {payload!.Name}");
    }

    [Fact]
    public void EveryPayloadType_BelongsToAKind()
    {
        HashSet<string> names = [.. Enum.GetValues<WriteCommandKind>().Select(WriteCommandKindNames.Of)];

        Assert.DoesNotContain(PayloadTypes.Keys, n => !names.Contains(n));
        Assert.Equal(names.Count, Enum.GetValues<WriteCommandKind>().Length);
    }

    private static IEnumerable<Type> BaseTypes(Type type)
    {
        for (Type? t = type; t is not null; t = t.BaseType)
        {
            yield return t;
        }
    }
}
