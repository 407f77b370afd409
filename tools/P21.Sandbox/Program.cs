using P21.Sandbox;

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
SandboxOptions options = builder.Configuration.GetSection("Sandbox").Get<SandboxOptions>() ?? new SandboxOptions();
await using WebApplication app = await SandboxApplication.BuildAsync(builder, options, CancellationToken.None);
await app.RunAsync();

/// <summary>Entry point; public so WebApplicationFactory-style tests can find it.</summary>
public partial class Program;
