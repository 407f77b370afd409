// Mirrors Azure/azure-functions-dotnet-worker extensions/Worker.Extensions.Abstractions/src/FunctionAttribute.cs
namespace Microsoft.Azure.Functions.Worker;

/// <summary>Marks a method as a function named <see cref="Name"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public class FunctionAttribute : Attribute
{
    /// <summary>Declares the function's name.</summary>
    public FunctionAttribute(string name) => Name = name;

    /// <summary>The function's name.</summary>
    public string Name { get; }
}
