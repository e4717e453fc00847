using OpenSync.ContractServer.Storage;
using OpenSync.ContractServer.Validation;

namespace OpenSync.ContractServer.Http;

/// <summary>Everything a request handler may touch.</summary>
internal sealed class ServerContext(
    Store store,
    ApiKeyRing keys,
    FaultInjector faults,
    RequestLog log,
    TimeProvider time,
    bool readRoutes = true,
    int maxQueryDocumentsRead = ConvexLimits.MaxQueryDocumentsRead,
    int maxQueryBytesRead = ConvexLimits.MaxQueryBytesRead)
{
    public const string SkippedItem = "contract.skipped";

    public Store Store { get; } = store;
    public ApiKeyRing Keys { get; } = keys;
    public FaultInjector Faults { get; } = faults;
    public RequestLog Log { get; } = log;
    public TimeProvider Time { get; } = time;
    public bool ReadRoutes { get; } = readRoutes;

    /// <summary>Cancelled when the server stops, so stalled requests do not hold shutdown up.</summary>
    public CancellationTokenSource Stopping { get; } = new();

    public long NowMs => Time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>A fresh allowance for one query execution.</summary>
    public ReadBudget NewReadBudget() => new(maxQueryDocumentsRead, maxQueryBytesRead);
}
