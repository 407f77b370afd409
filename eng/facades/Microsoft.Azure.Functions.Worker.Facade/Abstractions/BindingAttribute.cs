// Mirrors Azure/azure-functions-dotnet-worker extensions/Worker.Extensions.Abstractions/src/BindingAttribute.cs
namespace Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

/// <summary>Base of every binding attribute.</summary>
[AttributeUsage(AttributeTargets.Method)]
public abstract class BindingAttribute : Attribute
{
}
