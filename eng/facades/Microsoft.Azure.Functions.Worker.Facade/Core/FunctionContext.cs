// Mirrors Azure/azure-functions-dotnet-worker src/DotNetWorker.Core/Context/FunctionContext.cs
// Only the members the app reads; trigger classes take a CancellationToken parameter instead of the context where they can,
// and tests must not subclass this facade (the real type has more abstract members).
namespace Microsoft.Azure.Functions.Worker;

/// <summary>The context of one function invocation.</summary>
public abstract class FunctionContext
{
    /// <summary>The invocation's id.</summary>
    public abstract string InvocationId { get; }

    /// <summary>The function's id.</summary>
    public abstract string FunctionId { get; }

    /// <summary>The invocation's service scope.</summary>
    public abstract IServiceProvider InstanceServices { get; set; }

    /// <summary>Signalled when the host cancels the invocation.</summary>
    public virtual CancellationToken CancellationToken { get; } = CancellationToken.None;
}
