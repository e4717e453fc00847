using OpenCodeSync.Sqlite;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.Sqlite;

public class SqliteTransactionTests
{
    [Test]
    public async Task The_error_that_ended_a_transaction_is_the_one_reported_even_when_sqlite_already_rolled_back()
    {
        using var dir = new TempDir();
        using var db = SqliteDb.OpenShared(Path.Combine(dir.Path, "t.db"));
        db.Exec("CREATE TABLE t(x INTEGER)");

        // SQLite rolled the transaction back itself (here by hand, as after a failed COMMIT or SQLITE_FULL).
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Task.Run(() => db.InTransaction(() =>
        {
            db.Exec("INSERT INTO t VALUES (1)");
            db.Exec("ROLLBACK");
            throw new InvalidOperationException("the first error");
        })));

        await Assert.That(error!.Message).IsEqualTo("the first error");
        // The connection is usable afterwards and nothing of the transaction stayed.
        db.InTransaction(() => db.Exec("INSERT INTO t VALUES (2)"));
        var s = db.Prepare("SELECT group_concat(x) FROM t");
        await Assert.That(s.Step() ? s.String(0) : null).IsEqualTo("2");
        s.Reset();
    }
}
