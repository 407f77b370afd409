using System.Text.Json;

using P21.Connector.Intake;
using P21.Functions.Http;

namespace P21.Functions.Tests.Intake;

public sealed class ProblemJsonTests
{
    [Fact]
    public void HttpJsonContext_Problem_SerializesAsRfc9457()
    {
        var problem = new IntakeProblem(IntakeProblems.ValidationType, "t", 422, "d", new Dictionary<string, string[]> { ["lines[0].sku"] = ["is required."] });

        var json = JsonSerializer.Serialize(problem, HttpJsonContext.Default.IntakeProblem);

        Assert.Equal("{\"type\":\"urn:p21-connector:problem:validation-failed\",\"title\":\"t\",\"status\":422,\"detail\":\"d\",\"errors\":{\"lines[0].sku\":[\"is required.\"]}}", json);
    }
}
