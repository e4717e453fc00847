using OpenSync.ContractServer.Storage;

namespace OpenSync.ContractServer;

/// <summary>Every non-admin request, in arrival order of completion.</summary>
internal sealed class RequestLog
{
    private readonly Lock _gate = new();
    private List<RequestRecord> _records = [];

    public void Add(RequestRecord record)
    {
        lock (_gate) _records.Add(record);
    }

    public IReadOnlyList<RequestRecord> Records
    {
        get { lock (_gate) return [.. _records]; }
    }

    /// <summary>Keyed <c>"POST /sync/session"</c>; faulted and rejected requests count too.</summary>
    public IReadOnlyDictionary<string, int> CountsByRoute
    {
        get
        {
            lock (_gate)
                return _records.GroupBy(r => $"{r.Method} {r.Path}", StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        }
    }

    public void Clear()
    {
        lock (_gate) _records = [];
    }
}
