using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

using P21.Functions.Hosting;

// The shell only composes: HTTP through ASP.NET Core, then everything else in AddP21Functions (Hosting/).
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddP21Functions(builder.Configuration);
try
{
    // Options are validated when the host starts, before the worker connects to the Functions host.
    builder.Build().Run();
}
catch (Exception error) when (StartupFailure.SettingFailures(error) is { Count: > 0 } failures)
{
    Console.Error.Write(StartupFailure.Describe(failures));
    return StartupFailure.SettingsExitCode;
}

return 0;
