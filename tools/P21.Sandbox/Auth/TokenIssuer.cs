using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace P21.Sandbox.Auth;

/// <summary>Mints and checks JWT-shaped HS256 tokens signed with a key that lives only as long as the host.</summary>
internal sealed class TokenIssuer(SandboxOptions options)
{
    public const string Issuer = "P21.Soa";
    private static readonly byte[] HeaderSegment = Encoding.UTF8.GetBytes(Base64Url.EncodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"u8));

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, SessionEntry> _sessions = new(StringComparer.Ordinal);

    /// <summary>P21's "Never Expire" consumer key: ExpiresIn of 20 years and the largest 32-bit exp.</summary>
    public const long NeverExpireSeconds = 630_720_000;

    public IssuedToken Issue(string userName, string? consumerUid, string scope, TimeSpan? lifetime)
    {
        DateTimeOffset now = options.TimeProvider.GetUtcNow();
        if (options.InvalidateOlderTokensOnLogin)
        {
            foreach (KeyValuePair<string, SessionEntry> session in _sessions)
            {
                if (string.Equals(session.Value.UserName, userName, StringComparison.OrdinalIgnoreCase))
                {
                    session.Value.Revoked = true;
                }
            }
        }

        string sessionId = Guid.NewGuid().ToString();
        long nbf = now.ToUnixTimeSeconds();
        long expiresIn = lifetime is { } span ? (long)span.TotalSeconds : NeverExpireSeconds;
        long exp = lifetime is null ? int.MaxValue : Math.Min(nbf + expiresIn, int.MaxValue);
        _sessions[sessionId] = new SessionEntry(userName, exp);

        var payload = new MemoryStream();
        using (var writer = new Utf8JsonWriter(payload))
        {
            writer.WriteStartObject();
            writer.WriteString("sub", userName);
            writer.WriteString("aud", scope);
            writer.WriteString("iss", Issuer);
            writer.WriteString("P21.SessionId", sessionId);
            if (consumerUid is not null)
            {
                writer.WriteString("P21.ConsumerUid", consumerUid);
            }

            writer.WriteNumber("nbf", nbf);
            writer.WriteNumber("iat", nbf);
            writer.WriteNumber("exp", exp);
            writer.WriteEndObject();
        }

        string unsigned = Encoding.UTF8.GetString(HeaderSegment) + "." + Base64Url.EncodeToString(payload.ToArray());
        string token = unsigned + "." + Sign(unsigned);
        return new IssuedToken(token, userName, sessionId, consumerUid, scope, lifetime is null ? expiresIn : exp - nbf);
    }

    public TokenPrincipal? Validate(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        string[] parts = token.Split('.');
        if (parts.Length != 3 || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(parts[0] + "." + parts[1])), Encoding.ASCII.GetBytes(parts[2])))
        {
            return null;
        }

        try
        {
            using JsonDocument claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            JsonElement root = claims.RootElement;
            long now = options.TimeProvider.GetUtcNow().ToUnixTimeSeconds();
            long exp = root.GetProperty("exp").GetInt64();
            long nbf = root.GetProperty("nbf").GetInt64();
            string sessionId = root.GetProperty("P21.SessionId").GetString() ?? string.Empty;
            if (now >= exp || now < nbf || !_sessions.TryGetValue(sessionId, out SessionEntry? session) || session.Revoked)
            {
                return null;
            }

            return new TokenPrincipal(session.UserName, sessionId, root.TryGetProperty("P21.ConsumerUid", out _));
        }
        catch (Exception ex) when (ex is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Revokes one token, every token of a user, or (both null) every token; returns how many sessions died.</summary>
    public int Revoke(string? token, string? userName)
    {
        int count = 0;
        string? sessionId = null;
        if (token is not null)
        {
            string[] parts = token.Split('.');
            if (parts.Length == 3)
            {
                try
                {
                    using JsonDocument claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
                    sessionId = claims.RootElement.GetProperty("P21.SessionId").GetString();
                }
                catch (Exception ex) when (ex is JsonException or FormatException or KeyNotFoundException)
                {
                    return 0;
                }
            }

            if (sessionId is null)
            {
                return 0;
            }
        }

        foreach (KeyValuePair<string, SessionEntry> session in _sessions)
        {
            bool match = sessionId is not null
                ? session.Key == sessionId
                : userName is null || string.Equals(session.Value.UserName, userName, StringComparison.OrdinalIgnoreCase);
            if (match && !session.Value.Revoked)
            {
                session.Value.Revoked = true;
                count++;
            }
        }

        return count;
    }

    private string Sign(string unsigned) => Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(unsigned)));

    private sealed class SessionEntry(string userName, long expires)
    {
        public string UserName { get; } = userName;

        public long Expires { get; } = expires;

        public volatile bool Revoked;
    }
}
