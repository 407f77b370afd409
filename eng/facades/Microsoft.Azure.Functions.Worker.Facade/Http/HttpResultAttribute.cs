// Mirrors Azure/azure-functions-dotnet-worker extensions/Worker.Extensions.Http/src/HttpResultAttribute.cs
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker;

/// <summary>Marks the property of a multi-output return type that holds the HTTP response.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class HttpResultAttribute : OutputBindingAttribute
{
}
