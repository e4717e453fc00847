using OpenSync.ContractServer.Validation;

namespace OpenSync.ContractServer;

public sealed class ContractServerOptions
{
    /// <summary>Keys that authenticate. Defaults to <see cref="ContractServer.DefaultApiKey"/>.</summary>
    public IReadOnlyCollection<string> ApiKeys { get; init; } = [ContractServer.DefaultApiKey];

    /// <summary>The clock for timestamps and the 5 s / 10 s dedup windows (see <see cref="ManualTimeProvider"/>).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Loopback port; 0 picks a free one (read it back from <see cref="ContractServer.Port"/>).</summary>
    public int Port { get; init; }

    /// <summary>
    /// A backend older than February 2026: each inserted message adds its tokens to its session. Today's OpenSync
    /// (the default, false) never does; session totals come only from session upserts. A client right on both sends
    /// the session's own totals after its messages.
    /// </summary>
    public bool SumMessageTokensIntoSession { get; init; }

    /// <summary>
    /// False: a deployment from before the read routes (<c>/api/sessions</c> and <c>/api/sessions/get</c> answer
    /// 404, like any unknown path).
    /// </summary>
    public bool ReadRoutes { get; init; } = true;

    /// <summary>
    /// Documents one read query may read before it fails with a 500, like Convex's cap. Lower it to make a
    /// session "too big" with a handful of messages instead of tens of thousands.
    /// </summary>
    public int MaxQueryDocumentsRead { get; init; } = ConvexLimits.MaxQueryDocumentsRead;

    /// <summary>Bytes (of stored JSON) one read query may read before it fails with a 500, like Convex's cap.</summary>
    public int MaxQueryBytesRead { get; init; } = ConvexLimits.MaxQueryBytesRead;

    /// <summary>
    /// Added to every backend request (admin routes excepted) before it is handled: loopback answers in
    /// microseconds, a hosted backend in tens of milliseconds, and concurrency only shows against the latter.
    /// </summary>
    public TimeSpan Latency { get; init; }
}
