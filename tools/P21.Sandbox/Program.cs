using P21.Sandbox;

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
SandboxOptions options = builder.Configuration.GetSection("Sandbox").Get<SandboxOptions>() ?? new SandboxOptions();

// Run by hand, the sandbox carries the other-charge items web orders need (local.settings.sample.json names them).
if (builder.Configuration["Sandbox:OtherChargeItems"] is null)
{
    options.OtherChargeItems = true;
}
await using WebApplication app = await SandboxApplication.BuildAsync(builder, options, CancellationToken.None);
await app.RunAsync();

/// <summary>Entry point; public so WebApplicationFactory-style tests can find it.</summary>
public partial class Program;
