using OpenCodeSync.Tests.Support;
using OpenCodeSync.Sqlite;
using OpenCodeSync.State;

namespace OpenCodeSync.Tests.Delivery;

/// <summary>
/// What is still to send is found through the partial pending index, never by scanning every delivered record:
/// with a big history those scans were the cost of `status` (60 ms over 260,000 rows) and of the archive's sync column.
/// </summary>
public class StateDbIndexTests
{
    [Test]
    [Arguments("SELECT COUNT(*) FROM delivery WHERE pending_fp IS NOT NULL")]
    [Arguments("SELECT MIN(due_at) FROM delivery WHERE pending_fp IS NOT NULL")]
    [Arguments("SELECT DISTINCT session_id FROM delivery WHERE pending_fp IS NOT NULL AND due_at <= 1 ORDER BY session_id")]
    [Arguments("SELECT 1 FROM delivery d WHERE d.session_id = 'ses_1' AND d.pending_fp IS NOT NULL")]
    public async Task Pending_lookups_read_the_pending_index(string query)
    {
        using var dir = new TempDir();
        using (StateDb.Open(dir.Path)) { }
        using var db = SqliteDb.Open(Path.Combine(dir.Path, StateDb.FileName), readOnly: true);

        var plan = db.Prepare("EXPLAIN QUERY PLAN " + query);
        var steps = new List<string>();
        while (plan.Step())
            steps.Add(plan.String(3));
        plan.Reset();

        await Assert.That(string.Join(" | ", steps)).Contains("USING INDEX delivery_pending");
    }
}
