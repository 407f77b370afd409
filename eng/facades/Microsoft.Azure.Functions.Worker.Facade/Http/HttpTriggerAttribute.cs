// Mirrors Azure/azure-functions-dotnet-worker extensions/Worker.Extensions.Http/src/HttpTriggerAttribute.cs
// Constructor bodies copy the real ones, including the gotcha: the (params string[]) overload leaves AuthLevel at Anonymous.
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker;

/// <summary>Triggers the function on an HTTP request.</summary>
public sealed class HttpTriggerAttribute : TriggerBindingAttribute
{
    /// <summary>Any method, <see cref="AuthorizationLevel.Function"/>.</summary>
    public HttpTriggerAttribute() => AuthLevel = AuthorizationLevel.Function;

    /// <summary>The given methods; AuthLevel stays at its default, Anonymous.</summary>
    public HttpTriggerAttribute(params string[] methods) => Methods = methods;

    /// <summary>Any method, the given level.</summary>
    public HttpTriggerAttribute(AuthorizationLevel authLevel) => AuthLevel = authLevel;

    /// <summary>The given level and methods.</summary>
    public HttpTriggerAttribute(AuthorizationLevel authLevel, params string[] methods)
    {
        AuthLevel = authLevel;
        Methods = methods;
    }

    /// <summary>Route template under the host's route prefix; defaults to the function name.</summary>
    public string? Route { get; set; }

    /// <summary>Accepted HTTP methods; null means all.</summary>
    public string[]? Methods { get; private set; }

    /// <summary>The key a caller must present.</summary>
    public AuthorizationLevel AuthLevel { get; private set; }
}
