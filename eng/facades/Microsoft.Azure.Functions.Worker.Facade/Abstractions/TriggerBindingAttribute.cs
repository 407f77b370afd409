// Mirrors Azure/azure-functions-dotnet-worker extensions/Worker.Extensions.Abstractions/src/TriggerBindingAttribute.cs
namespace Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

/// <summary>Base of trigger attributes (placed on the function's trigger parameter).</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public abstract class TriggerBindingAttribute : BindingAttribute
{
}
