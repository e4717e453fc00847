namespace OpenCodeSync.State;

/// <summary>Sessions the user removed with <c>forget</c> (the rows themselves go in <c>ArchiveDb.Forget</c>).</summary>
public sealed partial class StateDb
{
    public bool IsForgotten(string sessionId)
    {
        lock (_gate)
        {
            var s = _db.Prepare("SELECT 1 FROM forgotten WHERE session_id = ?1").Bind(1, sessionId);
            var found = s.Step();
            s.Reset();
            return found;
        }
    }

    // Read once per applied batch: the table holds a handful of ids, and a batch can touch hundreds of entities.
    private HashSet<string> ForgottenLocked()
    {
        var s = _db.Prepare("SELECT session_id FROM forgotten");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (s.Step())
            ids.Add(s.String(0));
        s.Reset();
        return ids;
    }
}
