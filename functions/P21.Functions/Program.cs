using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

using P21.Functions.Hosting;

// The shell only composes: HTTP through ASP.NET Core, then everything else in AddP21Functions (Hosting/).
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddP21Functions(builder.Configuration);
builder.Build().Run();
