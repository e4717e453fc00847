using System.Text.Json;
using System.Text.Json.Nodes;
using OpenCodeSync.Archive;
using OpenCodeSync.Tests.Hook;
using OpenCodeSync.Tests.Support;
using OpenCodeSync.State;

namespace OpenCodeSync.Tests.Archive;

/// <summary>
/// <c>forget</c> in the published binary, on a user who is not logged in (so every record stays pending in the
/// outbox): a hand-typed session next to a real one, recorded through <c>hook</c> and folded by <c>flush</c>.
/// </summary>
public class ForgetTests
{
    private const string Real = "ses_df061e6c5ffemnzlwh4ODdJHdN";
    private const string Bogus = Events.Session;

    // What someone typing an event by hand produces: no time, so the archive dates it 1970.
    private static readonly string[] BogusLines =
    [
        """{"type":"session.created","properties":{"info":{"id":"ses_test","title":"typed by hand"}}}""",
        Events.Assistant("msg_typed"),
        Events.Part("msg_typed", "prt_typed", new JsonObject { ["type"] = "text", ["text"] = "hello from a hand-typed event" }),
    ];

    [Test]
    public async Task Forget_removes_the_session_from_the_archive_and_the_outbox()
    {
        using var run = await RecordedAsync();
        var pendingBefore = Pending(run, Bogus);
        await Assert.That(pendingBefore).IsGreaterThan(0);
        var realPending = Pending(run, Real);

        var r = await Binary(run, "forget", Bogus);

        await Assert.That(r.ExitCode).IsEqualTo(0);
        await Assert.That(r.Stdout).Contains($"Forgot {Bogus}: 1 message(s), 1 part(s), {pendingBefore} pending outbox record(s) removed.");
        await Assert.That(r.Stdout).Contains("OpenSync has no delete route");
        await Assert.That(r.Stderr).IsEmpty();
        await Assert.That(await ListedIds(run)).IsEquivalentTo(new[] { Real });
        var show = await Binary(run, "show", Bogus);
        await Assert.That(show.ExitCode).IsEqualTo(1);
        var search = await Binary(run, "search", "hand-typed", "--json");
        await Assert.That(search.Stdout).DoesNotContain(Bogus);
        using (var archive = new ArchiveFile(ArchivePath(run)))
        {
            await Assert.That(archive.Count("SELECT COUNT(*) FROM messages WHERE session_id = ?1", Bogus)).IsEqualTo(0);
            await Assert.That(archive.Count("SELECT COUNT(*) FROM message_text")).IsEqualTo(archive.Count("SELECT COUNT(*) FROM messages"));
        }
        using (var state = new ArchiveFile(StatePath(run)))
        {
            await Assert.That(state.Count("SELECT COUNT(*) FROM delivery WHERE session_id = ?1", Bogus)).IsEqualTo(0);
            await Assert.That(state.Count("SELECT COUNT(*) FROM entities WHERE session_id = ?1", Bogus)).IsEqualTo(0);
            await Assert.That(state.Count("SELECT COUNT(*) FROM delivery WHERE pending_fp IS NOT NULL")).IsEqualTo(realPending);
        }
        var status = await Binary(run, "status");
        await Assert.That(status.Stdout).Contains($"Outbox    {realPending} record(s) pending");
    }

    [Test]
    public async Task Dry_run_says_what_would_go_and_changes_nothing()
    {
        using var run = await RecordedAsync();
        var before = Snapshot(run);
        var pending = Pending(run, Bogus);

        var text = await Binary(run, "forget", Bogus[4..], "--dry-run");
        var json = await Binary(run, "forget", "--dry-run", "--json", Bogus);

        await Assert.That(text.ExitCode).IsEqualTo(0);
        await Assert.That(text.Stdout).Contains($"Would forget {Bogus}: 1 message(s), 1 part(s), {pending} pending outbox record(s).");
        await Assert.That(text.Stdout).Contains("Dry run: nothing was changed.");
        await Assert.That(text.Stdout).Contains("OpenSync has no delete route");
        await Assert.That(json.ExitCode).IsEqualTo(0);
        using (var doc = JsonDocument.Parse(json.Stdout))
        {
            await Assert.That(doc.RootElement.GetProperty("dryRun").GetBoolean()).IsTrue();
            var session = doc.RootElement.GetProperty("sessions")[0];
            await Assert.That(session.GetProperty("id").GetString()).IsEqualTo(Bogus);
            await Assert.That(session.GetProperty("messages").GetInt64()).IsEqualTo(1);
            await Assert.That(session.GetProperty("parts").GetInt64()).IsEqualTo(1);
            await Assert.That(session.GetProperty("pending").GetInt64()).IsEqualTo(pending);
        }
        await Assert.That(Snapshot(run)).IsEqualTo(before);
        await Assert.That(await ListedIds(run)).Contains(Bogus);
    }

    [Test]
    public async Task An_unknown_id_is_one_line_naming_it_and_nothing_is_removed()
    {
        using var run = await RecordedAsync();
        var before = Snapshot(run);

        var r = await Binary(run, "forget", Bogus, "ses_nosuchsession");

        await Assert.That(r.ExitCode).IsEqualTo(1);
        await Assert.That(r.Stdout).IsEmpty();
        await Assert.That(r.Stderr.TrimEnd('\n').Split('\n').Length).IsEqualTo(1);
        await Assert.That(r.Stderr).StartsWith("opencode-sync forget: no session 'ses_nosuchsession' in the archive");
        await Assert.That(r.Stderr).Contains("nothing was forgotten");
        await Assert.That(Snapshot(run)).IsEqualTo(before);
    }

    [Test]
    public async Task A_forgotten_session_does_not_come_back_from_the_journal_or_new_events()
    {
        using var run = await RecordedAsync();
        // Recorded but not folded yet when forget runs: the next fold reads it from the journal.
        await Hook(run, Events.Assistant("msg_typed_2", created: 3_000, completed: 3_500));

        var forget = await Binary(run, "forget", Bogus);
        await Assert.That(forget.ExitCode).IsEqualTo(0);
        await Binary(run, "flush");
        // The same events again, and a newer version of the session: still gone.
        await Hook(run, [.. BogusLines, Events.SessionUpdated(title: "updated after forget")]);
        await Binary(run, "flush");

        await Assert.That(await ListedIds(run)).IsEquivalentTo(new[] { Real });
        using var state = new ArchiveFile(StatePath(run));
        await Assert.That(state.Count("SELECT COUNT(*) FROM entities WHERE session_id = ?1", Bogus)).IsEqualTo(0);
        await Assert.That(state.Count("SELECT COUNT(*) FROM delivery WHERE session_id = ?1", Bogus)).IsEqualTo(0);
        await Assert.That(state.Count("SELECT COUNT(*) FROM dirty_sessions")).IsEqualTo(0);
    }

    [Test]
    public async Task Forget_without_ids_is_a_usage_error()
    {
        using var run = await RecordedAsync();

        var r = await Binary(run, "forget", "--dry-run");

        await Assert.That(r.ExitCode).IsEqualTo(64);
        await Assert.That(r.Stderr.Trim()).IsEqualTo("opencode-sync forget: give one or more session ids ('opencode-sync sessions' lists them)");
    }

    private static async Task<HookRun> RecordedAsync()
    {
        var run = new HookRun();
        await Hook(run, [.. Fixtures.TextLines(Fixtures.Simple), .. BogusLines]);
        // Not logged in, flush folds and archives, sends nothing and says so (exit 1).
        var flush = await Binary(run, "flush");
        await Assert.That(flush.ExitCode).IsEqualTo(1);
        await Assert.That(await ListedIds(run)).IsEquivalentTo(new[] { Real, Bogus });
        return run;
    }

    private static async Task Hook(HookRun run, params string[] lines)
    {
        var r = await run.Hook(string.Join("\n", lines) + "\n");
        await Assert.That(r.All).IsEmpty();
    }

    private static Task<ProcessResult> Binary(HookRun run, params string[] args) => PublishedBinary.RunAsync(args, run.Env());

    private static async Task<List<string>> ListedIds(HookRun run)
    {
        var r = await Binary(run, "sessions", "--json");
        using var doc = JsonDocument.Parse(r.Stdout);
        return [.. doc.RootElement.EnumerateArray().Select(s => s.GetProperty("id").GetString()!)];
    }

    private static long Pending(HookRun run, string session)
    {
        using var state = new ArchiveFile(StatePath(run));
        return state.Count("SELECT COUNT(*) FROM delivery WHERE session_id = ?1 AND pending_fp IS NOT NULL", session);
    }

    /// <summary>Every row of both files that forget could touch, as text.</summary>
    private static string Snapshot(HookRun run)
    {
        using var archive = new ArchiveFile(ArchivePath(run));
        using var state = new ArchiveFile(StatePath(run));
        return string.Join("\n", [
            .. archive.Column("SELECT id || ' ' || fp FROM sessions ORDER BY id"),
            .. archive.Column("SELECT id || ' ' || fp FROM messages ORDER BY id"),
            .. archive.Column("SELECT COUNT(*) FROM message_text"),
            .. state.Column("SELECT kind || ' ' || entity_id || ' ' || rank FROM entities ORDER BY kind, entity_id"),
            .. state.Column("SELECT kind || ' ' || id || ' ' || COALESCE(pending_fp, '-') FROM delivery ORDER BY kind, id"),
            .. state.Column("SELECT session_id FROM forgotten"),
        ]);
    }

    private static string ArchivePath(HookRun run) => ArchiveDb.PathIn(run.Home.Paths.DataDir);

    private static string StatePath(HookRun run) => Path.Combine(run.StateDir, StateDb.FileName);
}
