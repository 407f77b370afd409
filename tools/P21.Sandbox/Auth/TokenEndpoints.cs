using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Xml;

using P21.Sandbox.Json;

namespace P21.Sandbox.Auth;

/// <summary>The token endpoints: v2 (user or consumer key in a JSON body) and the legacy header-based v1.</summary>
internal static class TokenEndpoints
{
    public const string ConsumerUid = "9f3c2a51-6d4e-4b8a-9a51-21c0ffee0021";
    public const string ConsumerScope = "/api;/p21sdk";

    public static void Map(WebApplication app)
    {
        app.MapPost("/api/security/token/v2", IssueV2Async);
        app.MapPost("/api/security/token", IssueV1Async);
    }

    private static async Task IssueV2Async(HttpContext context, TokenIssuer issuer, SandboxOptions options)
    {
        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "The request body is not valid JSON.", "System.ArgumentException");
            return;
        }

        using (body)
        {
            if (body.RootElement.ValueKind != JsonValueKind.Object)
            {
                await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "The request body must be a JSON object.", "System.ArgumentException");
                return;
            }

            string? grantType = Property(body.RootElement, "GrantType");
            string? userName = Property(body.RootElement, "username");
            if (string.Equals(grantType, "client_credentials", StringComparison.OrdinalIgnoreCase))
            {
                string? secret = Property(body.RootElement, "ClientSecret");
                if (!string.Equals(secret, options.ConsumerKey, StringComparison.Ordinal))
                {
                    await WriteGrantErrorAsync(context, "invalid_client", "Client authentication failed.");
                    return;
                }

                if (userName is not null && !string.Equals(userName, options.UserName, StringComparison.OrdinalIgnoreCase))
                {
                    await WriteGrantErrorAsync(context, "invalid_grant", "Error retrieving/validating user");
                    return;
                }

                // Without a username P21 answers an empty UserName (the Transaction API then acts as the install user).
                IssuedToken consumer = issuer.Issue(userName ?? string.Empty, ConsumerUid, ConsumerScope, options.ConsumerKeyTokenLifetime);
                await WriteConsumerAsync(context, options, consumer);
                return;
            }

            if (grantType is not null && !string.Equals(grantType, "password", StringComparison.OrdinalIgnoreCase))
            {
                await WriteErrorAsync(context, StatusCodes.Status400BadRequest, $"Unsupported grant type '{grantType}'.", "System.ArgumentException");
                return;
            }

            await IssueUserAsync(context, issuer, options, userName, Property(body.RootElement, "password"));
        }
    }

    private static Task IssueV1Async(HttpContext context, TokenIssuer issuer, SandboxOptions options) =>
        IssueUserAsync(context, issuer, options, context.Request.Headers["username"].FirstOrDefault(), context.Request.Headers["password"].FirstOrDefault());

    private static async Task IssueUserAsync(HttpContext context, TokenIssuer issuer, SandboxOptions options, string? userName, string? password)
    {
        if (userName is null || password is null
            || !string.Equals(userName, options.UserName, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(password, options.Password, StringComparison.Ordinal))
        {
            await WriteGrantErrorAsync(context, "invalid_grant", "The user name or password is incorrect.");
            return;
        }

        IssuedToken token = issuer.Issue(options.UserName, null, "/api", options.TokenLifetime);
        string refresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        if (options.XmlTokenResponses)
        {
            await WriteXmlAsync(context, [
                ("AccessToken", token.AccessToken), ("ExpiresIn", Seconds(token.ExpiresInSeconds)), ("RefreshToken", refresh), ("TokenType", "Bearer"),
            ]);
            return;
        }

        await Results.Json(new UserTokenResponse(token.AccessToken, refresh, token.ExpiresInSeconds, "Bearer"), SandboxJsonContext.Default.UserTokenResponse).ExecuteAsync(context);
    }

    private static async Task WriteConsumerAsync(HttpContext context, SandboxOptions options, IssuedToken token)
    {
        if (options.XmlTokenResponses)
        {
            await WriteXmlAsync(context, [
                ("AccessToken", token.AccessToken), ("AppKey", "P21Sandbox"), ("ConsumerUid", ConsumerUid), ("ExpiresIn", Seconds(token.ExpiresInSeconds)),
                ("RefreshToken", string.Empty), ("Scope", token.Scope), ("SessionId", token.SessionId), ("TokenType", "Bearer"), ("UserName", token.UserName),
            ]);
            return;
        }

        var response = new ConsumerTokenResponse(token.AccessToken, "Bearer", token.UserName, token.ExpiresInSeconds, string.Empty, token.Scope, token.SessionId, ConsumerUid, "P21Sandbox");
        await Results.Json(response, SandboxJsonContext.Default.ConsumerTokenResponse).ExecuteAsync(context);
    }

    private static string Seconds(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static async Task WriteXmlAsync(HttpContext context, (string Name, string Value)[] fields)
    {
        context.Response.ContentType = "application/xml; charset=utf-8";
        var settings = new XmlWriterSettings { Async = true, OmitXmlDeclaration = true };
        await using XmlWriter writer = XmlWriter.Create(context.Response.Body, settings);
        await writer.WriteStartElementAsync(null, "TokenResponse", "http://schemas.datacontract.org/2004/07/P21.Soa.Security");
        foreach ((string name, string value) in fields)
        {
            await writer.WriteElementStringAsync(null, name, null, value);
        }

        await writer.WriteEndElementAsync();
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string message, string type) =>
        Results.Json(P21Error.Create(message, type), SandboxJsonContext.Default.P21Error, statusCode: status).ExecuteAsync(context);

    // The token endpoint answers refusals in the OAuth shape, not the REST families' P21 error envelope.
    private static Task WriteGrantErrorAsync(HttpContext context, string error, string description) =>
        Results.Json(new TokenError(error, description), SandboxJsonContext.Default.TokenError, statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(context);

    private static string? Property(JsonElement root, string name)
    {
        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.ValueKind == JsonValueKind.Null ? null : property.Value.GetRawText();
            }
        }

        return null;
    }
}
