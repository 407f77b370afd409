using P21.Connector.Storage;

namespace P21.Connector.Tests.Storage;

public class StorageOptionsValidatorTests
{
    private static string[] Validate(StorageOptions options) =>
        [.. new StorageOptionsValidator().Validate(null, options).Failures ?? []];

    [Theory]
    [InlineData("UseDevelopmentStorage=true")]
    [InlineData("memory")]
    [InlineData(" Memory ")]
    public void Validate_ConnectionString_Succeeds(string connectionString) =>
        Assert.Empty(Validate(new StorageOptions { ConnectionString = connectionString }));

    [Theory]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5;EndpointSuffix=core.windows.net")]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;")]
    public void Validate_AccountConnectionString_Succeeds(string connectionString) =>
        Assert.Empty(Validate(new StorageOptions { ConnectionString = connectionString }));

    [Theory]
    [InlineData("garbage")]
    [InlineData("AccountName=acct")]
    [InlineData("azurite")]
    public void Validate_NotAConnectionString_SaysWhatTheFormsAre(string connectionString) =>
        Assert.Contains(Validate(new StorageOptions { ConnectionString = connectionString }), failure =>
            failure.StartsWith("Storage:ConnectionString is not a storage connection string; use 'memory', 'UseDevelopmentStorage=true'", StringComparison.Ordinal));

    [Fact]
    public void Validate_ServiceUrisWithManagedIdentity_Succeeds() =>
        Assert.Empty(Validate(new StorageOptions
        {
            TableServiceUri = new Uri("https://acct.table.core.windows.net"),
            QueueServiceUri = new Uri("https://acct.queue.core.windows.net"),
            ClientId = "00000000-0000-0000-0000-000000000001",
        }));

    [Fact]
    public void Validate_Nothing_SaysWhatToSet() =>
        Assert.Contains(Validate(new StorageOptions()), failure => failure.Contains("Storage:ConnectionString", StringComparison.Ordinal) && failure.Contains("UseDevelopmentStorage=true", StringComparison.Ordinal));

    [Fact]
    public void Validate_Both_IsRefused() =>
        Assert.Contains(Validate(new StorageOptions { ConnectionString = "memory", TableServiceUri = new Uri("https://a.table.core.windows.net") }), failure => failure.Contains("not both", StringComparison.Ordinal));

    [Fact]
    public void Validate_TableUriWithoutQueueUri_NamesTheMissingSetting() =>
        Assert.Contains(Validate(new StorageOptions { TableServiceUri = new Uri("https://a.table.core.windows.net") }), failure => failure.StartsWith("Storage:QueueServiceUri is missing", StringComparison.Ordinal));

    [Fact]
    public void Validate_HttpUri_IsRefused() =>
        Assert.Contains(Validate(new StorageOptions { TableServiceUri = new Uri("http://a.table.core.windows.net"), QueueServiceUri = new Uri("https://a.queue.core.windows.net") }), failure => failure.Contains("https://", StringComparison.Ordinal));

    [Fact]
    public void Validate_KeyCredential_IsRefused() =>
        Assert.Contains(Validate(new StorageOptions { TableServiceUri = new Uri("https://a.table.core.windows.net"), QueueServiceUri = new Uri("https://a.queue.core.windows.net"), Credential = "accountkey" }), failure => failure.Contains("managedidentity", StringComparison.Ordinal));

    [Theory]
    [InlineData("1abc")]
    [InlineData("ab-c")]
    public void Validate_BadTablePrefix_IsRefused(string prefix) =>
        Assert.Contains(Validate(new StorageOptions { ConnectionString = "memory", TablePrefix = prefix }), failure => failure.Contains("TablePrefix", StringComparison.Ordinal));
}
