// Mirrors Azure/azure-functions-dotnet-worker extensions/Worker.Extensions.Http.AspNetCore/src/FunctionsApplicationBuilderAspNetCoreExtensions.cs
namespace Microsoft.Azure.Functions.Worker.Builder;

/// <summary>ASP.NET Core integration for HTTP triggers.</summary>
public static class FunctionsApplicationBuilderAspNetCoreExtensions
{
    /// <summary>Routes HTTP triggers through ASP.NET Core (HttpRequest / IActionResult).</summary>
    public static FunctionsApplicationBuilder ConfigureFunctionsWebApplication(this FunctionsApplicationBuilder builder) => throw null!;
}
