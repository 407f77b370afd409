using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using P21.Connector.Connections;
using P21.Connector.Secrets;

namespace P21.Connector.Tests.Client;

public class ConnectorOptionsValidatorTests
{
    [Fact]
    public void Validate_NoConnections_SaysAddOne()
    {
        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => Resolve([]));

        Assert.Contains("P21:Connections is empty; add at least one connection, e.g. P21:Connections:main:BaseUrl = https://p21.example.com:3443.", ex.Failures);
    }

    [Fact]
    public void Validate_MissingBaseUrl_NamesSettingAndExample()
    {
        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => Resolve(new()
        {
            ["P21:Connections:main:UserName"] = "api_user",
            ["P21:Connections:main:PasswordSecretName"] = "p21-main-password",
        }));

        Assert.Equal(["P21:Connections:main:BaseUrl is missing; set it to the P21 middleware URL, e.g. https://p21.example.com:3443."], ex.Failures);
    }

    [Fact]
    public void Validate_UserPasswordWithoutCredentials_AsksForBoth()
    {
        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => Resolve(new()
        {
            ["P21:Connections:east:BaseUrl"] = "https://p21.example.com:3443",
        }));

        Assert.Contains(ex.Failures, f => f.StartsWith("P21:Connections:east:UserName is missing; AuthMode UserPassword needs the P21 user name", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("P21:Connections:east:PasswordSecretName is missing; AuthMode UserPassword needs the name of the secret", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ConsumerKeyWithoutSecretName_AsksForIt()
    {
        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => Resolve(new()
        {
            ["P21:Connections:main:BaseUrl"] = "https://p21.example.com:3443",
            ["P21:Connections:main:AuthMode"] = "ConsumerKey",
        }));

        Assert.Single(ex.Failures);
        Assert.StartsWith("P21:Connections:main:ConsumerKeySecretName is missing; AuthMode ConsumerKey needs", ex.Failures.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OutOfRangeNumbersAndBadUrl_ReportsEveryProblemAtOnce()
    {
        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => Resolve(new()
        {
            ["P21:Connections:main:BaseUrl"] = "ftp://p21.example.com",
            ["P21:Connections:main:AuthMode"] = "ConsumerKey",
            ["P21:Connections:main:ConsumerKeySecretName"] = "key",
            ["P21:Connections:main:PageSize"] = "0",
            ["P21:Connections:main:WriteConcurrency"] = "99",
            ["P21:Connections:main:RequestTimeout"] = "00:00:00",
            ["P21:Connections:main:ServerUtcOffset"] = "20:00:00",
        }));

        Assert.Contains(ex.Failures, f => f.StartsWith("P21:Connections:main:BaseUrl 'ftp://p21.example.com/' is not an absolute http(s) URL", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("P21:Connections:main:PageSize:", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("P21:Connections:main:WriteConcurrency:", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("P21:Connections:main:RequestTimeout '00:00:00' is out of range", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("P21:Connections:main:ServerUtcOffset '20:00:00' is not a UTC offset", StringComparison.Ordinal));
        Assert.Equal(5, ex.Failures.Count());
    }

    [Fact]
    public void Validate_BadConnectionName_SaysWhichCharacters()
    {
        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => Resolve(new()
        {
            ["P21:Connections:a/b:BaseUrl"] = "https://p21.example.com",
            ["P21:Connections:a/b:AuthMode"] = "ConsumerKey",
            ["P21:Connections:a/b:ConsumerKeySecretName"] = "key",
        }));

        Assert.StartsWith("P21:Connections:a/b: the connection name 'a/b' is not allowed", ex.Failures.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_GoodConnections_FillsNamesFromKeys()
    {
        ConnectorOptions options = Resolve(new()
        {
            ["P21:Connections:main:BaseUrl"] = "https://p21.example.com:3443",
            ["P21:Connections:main:UserName"] = "api_user",
            ["P21:Connections:main:PasswordSecretName"] = "pw",
            ["P21:Connections:east:BaseUrl"] = "https://east.example.com",
            ["P21:Connections:east:AuthMode"] = "LegacyHeaders",
            ["P21:Connections:east:UserName"] = "api_user",
            ["P21:Connections:east:PasswordSecretName"] = "pw2",
        });

        Assert.Equal("main", options.Connections["main"].Name);
        Assert.Equal("east", options.Connections["EAST"].Name);
    }

    [Fact]
    public void Validate_ValueOfTheWrongType_NamesTheKeyInsteadOfSayingThereAreNoConnections()
    {
        // The binder drops a dictionary entry that fails to convert; without this check the operator reads "empty".
        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => Resolve(new()
        {
            ["P21:Connections:main:BaseUrl"] = "https://p21.example.com:3443",
            ["P21:Connections:main:UserName"] = "api_user",
            ["P21:Connections:main:PasswordSecretName"] = "p21-main-password",
            ["P21:Connections:main:PageSize"] = "lots",
        }));

        string failure = Assert.Single(ex.Failures);
        Assert.Contains("'P21:Connections:main:PageSize'", failure, StringComparison.Ordinal);
        Assert.EndsWith("Until it is fixed, connection P21:Connections:main is ignored.", failure, StringComparison.Ordinal);
    }

    private static ConnectorOptions Resolve(Dictionary<string, string?> settings)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<ISecretSource>(new FixedSecretSource());
        services.AddP21Client(configuration);
        using ServiceProvider provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<ConnectorOptions>>().Value;
    }

    private sealed class FixedSecretSource : ISecretSource
    {
        public ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken = default) => ValueTask.FromResult<string?>("x");

        public ValueTask InvalidateAsync(string name, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
