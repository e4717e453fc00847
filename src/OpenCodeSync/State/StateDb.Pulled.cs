using System.Globalization;

namespace OpenCodeSync.State;

/// <summary>What the last pulls imported, so the next one fetches only what moved (and goes on after a kill).</summary>
public sealed partial class StateDb
{
    /// <summary>backend id → the <c>updatedAt</c> last imported.</summary>
    public Dictionary<string, long> PulledVersions()
    {
        lock (_gate)
        {
            var s = _db.Prepare("SELECT backend_id, updated_at FROM pulled");
            var versions = new Dictionary<string, long>(StringComparer.Ordinal);
            while (s.Step())
                versions[s.String(0)] = s.Int64(1);
            s.Reset();
            return versions;
        }
    }

    /// <summary>Written after each batch of imports commits: a pull killed midway keeps what it finished.</summary>
    public void MarkPulled(IReadOnlyList<(string BackendId, string SessionId, long UpdatedAt)> pulled)
    {
        if (pulled.Count == 0)
            return;
        lock (_gate)
        {
            _db.InTransaction(() =>
            {
                foreach (var (backendId, sessionId, updatedAt) in pulled)
                {
                    _db.Prepare("INSERT INTO pulled(backend_id, session_id, updated_at) VALUES(?1, ?2, ?3) " +
                                "ON CONFLICT(backend_id) DO UPDATE SET session_id = excluded.session_id, updated_at = excluded.updated_at")
                        .Bind(1, backendId).Bind(2, sessionId).Bind(3, updatedAt).Run();
                }
            });
        }
    }

    /// <summary>A new archive holds none of what was pulled: the next pull starts over (versions and watermark gone).</summary>
    public void ForgetPulled()
    {
        lock (_gate)
        {
            _db.InTransaction(() =>
            {
                _db.Exec("DELETE FROM pulled");
                _db.Prepare("DELETE FROM meta WHERE key = ?1").Bind(1, MetaKeys.PullWatermark).Run();
            });
        }
    }

    /// <summary>When the last pull ended and how many sessions it imported (for <c>status</c>).</summary>
    public (long At, int Imported)? LastPull =>
        GetMeta(MetaKeys.LastPull) is { } v && v.Split(' ') is [var at, var n]
        && long.TryParse(at, NumberStyles.Integer, CultureInfo.InvariantCulture, out var a)
        && int.TryParse(n, NumberStyles.Integer, CultureInfo.InvariantCulture, out var c)
            ? (a, c)
            : null;

    public void SetLastPull(long at, int imported) =>
        SetMeta(MetaKeys.LastPull, string.Create(CultureInfo.InvariantCulture, $"{at} {imported}"));
}
