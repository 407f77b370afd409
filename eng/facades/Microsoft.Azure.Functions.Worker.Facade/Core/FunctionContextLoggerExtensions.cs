// Mirrors Azure/azure-functions-dotnet-worker src/DotNetWorker.Core/Context/FunctionContextLoggerExtensions.cs
using Microsoft.Extensions.Logging;

namespace Microsoft.Azure.Functions.Worker;

/// <summary>Loggers scoped to an invocation.</summary>
public static class FunctionContextLoggerExtensions
{
    /// <summary>A logger whose category is <typeparamref name="T"/>.</summary>
    public static ILogger<T> GetLogger<T>(this FunctionContext context) => throw null!;

    /// <summary>A logger with the given category.</summary>
    public static ILogger GetLogger(this FunctionContext context, string categoryName) => throw null!;
}
