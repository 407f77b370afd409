using Microsoft.Extensions.Logging;

using P21.Connector.Client;
using P21.Connector.Events;
using P21.Connector.Poll.Entities;
using P21.Connector.Storage;

namespace P21.Connector.Poll;

/// <summary>
/// What one poll run works with, handed over by <see cref="PollRunner"/>: the request, its entity and connection, the
/// lease and position it holds, and the stores and clock it writes through. The run reaches nothing else.
/// </summary>
internal sealed record PollRunScope(
    PollRequest Request,
    PollEntity Entity,
    P21Client Client,
    IChangeSink Sink,
    LeaseHeartbeat Lease,
    PollPosition Position,
    TimeSpan Overlap,
    int PageSize,
    PollOptions Options,
    IFingerprintStore Fingerprints,
    PollMetrics Metrics,
    TimeProvider Time,
    ILogger Logger);
