using P21.Sandbox.Json;

namespace P21.Sandbox.Auth;

/// <summary>Demands a live bearer token on every API route except the token endpoints and /_sandbox.</summary>
internal sealed class BearerGate(RequestDelegate next, TokenIssuer issuer)
{
    public const string PrincipalKey = "p21.principal";

    public async Task InvokeAsync(HttpContext context)
    {
        string path = context.Request.Path.Value ?? string.Empty;
        if (!RequiresToken(path))
        {
            await next(context);
            return;
        }

        string? header = context.Request.Headers.Authorization.FirstOrDefault();
        string? token = header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        TokenPrincipal? principal = issuer.Validate(token);
        if (principal is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Results.Json(new AuthorizationDenied("Authorization has been denied for this request."), SandboxJsonContext.Default.AuthorizationDenied, statusCode: StatusCodes.Status401Unauthorized)
                .ExecuteAsync(context);
            return;
        }

        context.Items[PrincipalKey] = principal;
        await next(context);
    }

    private static bool RequiresToken(string path)
    {
        if (path.StartsWith("/_sandbox", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/api/security/token", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase)
            || path.StartsWith("/odataservice", StringComparison.OrdinalIgnoreCase)
            || path.StartsWith("/uiserver0", StringComparison.OrdinalIgnoreCase)
            || path.StartsWith("/data/", StringComparison.OrdinalIgnoreCase);
    }
}
