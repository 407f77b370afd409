using P21.Cli.Hosting;
using P21.Connector.Poll.Entities;
using P21.Connector.Poll.Schema;

namespace P21.Cli.Commands.Discover;

/// <summary>The session's live schema, read the way the drift timer reads it (<see cref="LiveSchema"/>).</summary>
internal static class SessionSchema
{
    public static Task<SchemaDocument> ReadAsync(CliSession session, CancellationToken cancellationToken) =>
        LiveSchema.ReadAsync(session.Client(), session.Connection, session.Get<PollEntityCatalogue>(),
            session.Get<TimeProvider>().GetUtcNow(), cancellationToken);
}
