// Mirrors Azure/azure-functions-dotnet-worker extensions/Worker.Extensions.Abstractions/src/OutputBindingAttribute.cs
namespace Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

/// <summary>Base of output binding attributes (placed on the method or a property of the returned type).</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Property)]
public abstract class OutputBindingAttribute : BindingAttribute
{
}
