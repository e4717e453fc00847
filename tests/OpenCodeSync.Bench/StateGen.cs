using System.Diagnostics;
using System.Globalization;
using OpenCodeSync.Archive;
using OpenCodeSync.Sqlite;
using OpenCodeSync.State;

/// <summary>
/// The delivery state a logged-in user has next to the archive: every archived session and message already
/// sent (a <c>delivery</c> row each, as <see cref="StateDb.MarkSent"/> leaves it), so read commands that show
/// the sync state attach a state database of realistic size. Rows are written directly: the benchmark needs
/// their shape, not a delivery run.
/// </summary>
internal static class StateGen
{
    public static void Run(string dataDir, string stateDir)
    {
        var started = Stopwatch.GetTimestamp();
        using (StateDb.Open(stateDir)) { } // the schema, as the product lays it out
        using var archive = SqliteDb.Open(ArchiveDb.PathIn(dataDir), readOnly: true);
        using var state = SqliteDb.Open(Path.Combine(stateDir, StateDb.FileName));
        const long sentAt = 1_790_000_000_000L;
        long rows = 0;
        state.InTransaction(() =>
        {
            var insert = state.Prepare("INSERT INTO delivery(kind, id, session_id, ord, sent_fp, first_sent_at, last_sent_at) " +
                                       "VALUES(?1, ?2, ?3, ?4, 'bench', ?5, ?5)");
            var sessions = archive.Prepare("SELECT id FROM sessions");
            while (sessions.Step())
            {
                insert.Bind(1, "session").Bind(2, sessions.String(0)).Bind(3, sessions.String(0)).Bind(4, 0L).Bind(5, sentAt).Run();
                rows++;
            }
            sessions.Reset();
            var messages = archive.Prepare("SELECT id, session_id, ord FROM messages");
            while (messages.Step())
            {
                insert.Bind(1, "message").Bind(2, messages.String(0)).Bind(3, messages.String(1)).Bind(4, messages.Int64(2)).Bind(5, sentAt).Run();
                rows++;
            }
            messages.Reset();
        });
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"state: {rows} delivery rows (everything sent) written in {seconds:F1} s to {Path.Combine(stateDir, StateDb.FileName)}"));
    }
}
