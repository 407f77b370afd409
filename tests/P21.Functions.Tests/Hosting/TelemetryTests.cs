using Azure.Identity;

using P21.Functions.Hosting;

namespace P21.Functions.Tests.Hosting;

public class TelemetryTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Authorization=Key")]
    public void IngestionCredential_NoEntraIdIngestion_Null(string? authenticationString) =>
        Assert.Null(TelemetryServiceCollectionExtensions.IngestionCredential(authenticationString));

    [Theory]
    [InlineData("ClientId=00000000-0000-0000-0000-000000000001;Authorization=AAD")]
    [InlineData("Authorization=aad; ClientId=00000000-0000-0000-0000-000000000001")]
    [InlineData("Authorization=AAD")]
    public void IngestionCredential_EntraIdIngestion_ManagedIdentityCredential(string authenticationString) =>
        Assert.IsType<ManagedIdentityCredential>(TelemetryServiceCollectionExtensions.IngestionCredential(authenticationString));
}
