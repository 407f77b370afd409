namespace P21.Sandbox.Json;

/// <summary>The error envelope of the P21 REST families.</summary>
internal sealed record P21Error(
    string DateTimeStamp,
    string ErrorMessage,
    string ErrorType,
    string HostName,
    string? InnerException,
    string LogId,
    string? StackTrace,
    string? UserId)
{
    public static P21Error Create(string message, string type, string? userId = null) =>
        new(DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture), message, type, "P21SANDBOX", null, Guid.NewGuid().ToString(), null, userId);
}

/// <summary>The short error body of a business rule failure (GL, REST writes).</summary>
internal sealed record BusinessError(string ErrorMessage, string ErrorType);

/// <summary>The ASP.NET Web API style 401 body the middleware answers for a bad bearer token.</summary>
internal sealed record AuthorizationDenied(string Message);
