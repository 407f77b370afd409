// Mirrors Azure/azure-functions-dotnet-worker extensions/Worker.Extensions.Http/src/AuthorizationLevel.cs
namespace Microsoft.Azure.Functions.Worker;

/// <summary>The key an HTTP caller must present.</summary>
public enum AuthorizationLevel
{
    /// <summary>No key.</summary>
    Anonymous = 0,

    /// <summary>An authenticated user (not enforced by the Functions host).</summary>
    User = 1,

    /// <summary>A function or host key.</summary>
    Function = 2,

    /// <summary>The host master key or a system key.</summary>
    System = 3,

    /// <summary>The host master key.</summary>
    Admin = 4,
}
