using P21.Sandbox.Json;

namespace P21.Sandbox.Auth;

/// <summary>UI server discovery: GET /api/ui/router/v1/?urlType=external.</summary>
internal static class RouterEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/api/ui/router/v1/", static (HttpContext context) =>
        {
            // Routing ignores a trailing slash, so tell the two forms apart by the raw path.
            if (!(context.Request.Path.Value ?? string.Empty).EndsWith('/'))
            {
                return Results.Redirect("/api/ui/router/v1/" + context.Request.QueryString, permanent: false, preserveMethod: true);
            }

            string url = $"{context.Request.Scheme}://{context.Request.Host}{UiServer.BasePath}";
            return Results.Json(new RouterResponse(url), SandboxJsonContext.Default.RouterResponse);
        });
    }
}

/// <summary>Where the Transaction API lives (the "UI server").</summary>
internal static class UiServer
{
    public const string BasePath = "/uiserver0";
}
