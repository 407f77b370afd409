using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

using P21.Functions.Hosting;

// The shell only composes: HTTP through ASP.NET Core, the connector's services, telemetry.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddP21Connector(builder.Configuration);
builder.Services.AddP21Telemetry(builder.Configuration);
builder.Build().Run();