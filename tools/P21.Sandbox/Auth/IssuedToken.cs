namespace P21.Sandbox.Auth;

/// <summary>A token the sandbox minted, with the facts its responses need.</summary>
internal sealed record IssuedToken(string AccessToken, string UserName, string SessionId, string? ConsumerUid, string Scope, long ExpiresInSeconds);

/// <summary>Who a validated bearer token belongs to.</summary>
internal sealed record TokenPrincipal(string UserName, string SessionId, bool IsConsumer);
