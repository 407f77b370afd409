using P21.Connector.Commands;
using P21.Connector.Intake;

namespace P21.Connector.Tests.Intake;

internal static class IntakeAssert
{
    /// <summary>Asserts a 202 and exactly one enqueued message whose id is the command id; returns the command.</summary>
    public static WriteCommand AcceptedOne(IntakeResult result, RecordingCommandQueue queue)
    {
        var accepted = Assert.IsType<IntakeResult.Accepted>(result);
        Assert.Equal(202, result.StatusCode);
        var (messageId, body) = Assert.Single(queue.Messages);
        Assert.Equal(accepted.CommandId, messageId);
        var command = WriteCommandSerializer.Deserialize(body);
        Assert.Equal(accepted.CommandId, command.CommandId);
        Assert.Equal(accepted.IdempotencyKey, command.IdempotencyKey);
        return command;
    }

    /// <summary>Asserts a problem with <paramref name="status"/>, an error on <paramref name="field"/>, and nothing enqueued.</summary>
    /// <summary>The delivery was answered 200 without a write, with a reason containing <paramref name="because"/>.</summary>
    public static IntakeResult.Acknowledged AcknowledgedNotEnqueued(IntakeResult result, RecordingCommandQueue queue, string because)
    {
        var acknowledged = Assert.IsType<IntakeResult.Acknowledged>(result);
        Assert.Equal(200, acknowledged.StatusCode);
        Assert.Contains(because, acknowledged.Reason, StringComparison.Ordinal);
        Assert.Empty(queue.Messages);
        return acknowledged;
    }

    public static IntakeProblem Rejected(IntakeResult result, RecordingCommandQueue queue, int status, string field)
    {
        var rejected = Assert.IsType<IntakeResult.Rejected>(result);
        Assert.Equal(status, rejected.StatusCode);
        Assert.Equal(status, rejected.Problem.Status);
        Assert.StartsWith("urn:p21-connector:problem:", rejected.Problem.Type, StringComparison.Ordinal);
        Assert.Contains(field, rejected.Problem.Errors.Keys);
        Assert.Empty(queue.Messages);
        return rejected.Problem;
    }
}
