namespace P21.Sandbox.Json;

/// <summary>v2 token answer for user credentials.</summary>
internal sealed record UserTokenResponse(string AccessToken, string RefreshToken, long ExpiresInSeconds, string TokenType);

/// <summary>v2 token answer for a consumer key (client_credentials).</summary>
internal sealed record ConsumerTokenResponse(
    string AccessToken,
    string TokenType,
    string UserName,
    long ExpiresIn,
    string RefreshToken,
    string Scope,
    string SessionId,
    string ConsumerUid,
    string AppKey);

/// <summary>UI server router answer.</summary>
internal sealed record RouterResponse(string Url);

/// <summary>The token endpoint's refusal: <c>{"error":"invalid_grant","error_description":"..."}</c> (S1 06-Error-Handling).</summary>
internal sealed record TokenError(
    [property: System.Text.Json.Serialization.JsonPropertyName("error")] string Error,
    [property: System.Text.Json.Serialization.JsonPropertyName("error_description")] string ErrorDescription);
