using System.Text.Json;
using OpenCodeSync.Commands;
using OpenCodeSync.Delivery;
using OpenCodeSync.Hosting;
using OpenCodeSync.Json;
using OpenCodeSync.Sync;
using OpenCodeSync.Tests.Support;
using OpenCodeSync.Cli;
using OpenCodeSync.OpenSync;

namespace OpenCodeSync.Tests.History;

/// <summary>
/// <c>sync</c> backfills OpenCode's local history through the live path: a session written to opencode.db (or
/// the JSON tree) from the fold of its events ends up on the strict contract server exactly as live sync sends it.
/// </summary>
public class SyncCommandTests
{
    private static string DbPath(TestHome home) => Path.Combine(home.Home, ".local", "share", "opencode", "opencode.db");

    private static string LegacyRoot(TestHome home) => Path.Combine(home.Home, ".local", "share", "opencode", "storage");

    private static CliContext Context(TestHome home, FakeConsole console, DeliveryHarness? h)
    {
        if (h is not null)
        {
            home.Env.Vars[EnvVars.Url] = h.Server.BaseAddress.ToString().TrimEnd('/');
            home.Env.Vars[EnvVars.ApiKey] = h.ApiKey;
        }
        return new CliContext(console, home.Env, new SystemClock()) { WorkingDirectory = home.Project, Delivery = DeliveryHarness.FastOptions };
    }

    private static Task<(int Code, string Out, string Err)> Sync(TestHome home, DeliveryHarness? h, params string[] args) =>
        Sync(home, h, CancellationToken.None, args);

    private static async Task<(int Code, string Out, string Err)> Sync(TestHome home, DeliveryHarness? h, CancellationToken ct, params string[] args)
    {
        var console = new FakeConsole();
        var cmd = new SyncCommand(Context(home, console, h));
        var a = args.ToList();
        var code = await cmd.RunAsync(
            @new: a.Contains("--new"), all: a.Contains("--all"), force: a.Contains("--force"),
            session: Arg(a, "--session"), since: Arg(a, "--since"), project: Arg(a, "--project"),
            dryRun: a.Contains("--dry-run"), export: Arg(a, "--export"), json: a.Contains("--json"), timeout: 60, cancellationToken: ct);
        return (code, console.OutBuffer.ToString(), console.ErrorBuffer.ToString());

        static string? Arg(List<string> a, string name) => a.IndexOf(name) is >= 0 and var i ? a[i + 1] : null;
    }

    private static SyncReport Report(string json) => JsonSerializer.Deserialize(json.Trim().Split('\n')[^1], ReportJson.Default.SyncReport)!;

    [Test]
    [Arguments(Fixtures.Simple)]
    [Arguments(Fixtures.Tool)]
    [Arguments(Fixtures.Reason)]
    [Arguments(Fixtures.Multi)]
    [Arguments(Fixtures.Bash)]
    public async Task Recorded_sessions_in_opencode_db_reach_the_server_as_live_sync_sends_them(string fixture)
    {
        await using var h = await DeliveryHarness.StartAsync();
        using var home = new TestHome();
        var lines = Fixtures.TextLines(fixture);
        OpenCodeHistory.WriteDb(DbPath(home), Folding.Fold(lines));
        var expected = h.ExpectedFor(lines);

        var (code, output, err) = await Sync(home, h);

        await Assert.That(code).IsEqualTo(ExitCodes.Ok).Because(output + err);
        await Assert.That(h.Actual()).IsEqualTo(expected);
        await Assert.That(h.Server.AutoCreatedSessions.Count).IsEqualTo(0);
    }

    [Test]
    public async Task Many_sessions_with_a_huge_output_and_odd_unicode_are_sent_once_redacted_and_a_rerun_sends_nothing()
    {
        await using var h = await DeliveryHarness.StartAsync();
        using var home = new TestHome();
        var lines = OpenCodeHistory.Sessions(40, home.Project);
        OpenCodeHistory.WriteDb(DbPath(home), Folding.Fold(lines), migrated: true);
        var expected = h.ExpectedFor(lines);

        var (code, output, err) = await Sync(home, h);
        await Assert.That(code).IsEqualTo(ExitCodes.Ok).Because(output + err);
        await Assert.That(output).Contains("40 session(s) synced, 0 skipped, 0 failed.");
        await Assert.That(h.Actual()).IsEqualTo(expected);
        await Assert.That(h.Server.Sessions.Count).IsEqualTo(40);
        await Assert.That(h.Server.Messages.Any(m => m.Parts.Any(p => p.Content.GetRawText().Contains("ghp_", StringComparison.Ordinal)))).IsFalse();
        var createdAt = h.Server.FindSession("ses_0003bf7ffe0003Test")!.CreatedAt;
        await Assert.That(createdAt).IsEqualTo(1_767_225_600_000 + (3 * 86_400_000.0));

        var requests = h.Server.Requests.Count;
        (code, output, _) = await Sync(home, h, "--json");
        await Assert.That(code).IsEqualTo(ExitCodes.Ok);
        var report = Report(output);
        await Assert.That(report.Synced).IsEqualTo(0);
        await Assert.That(report.Skipped).IsEqualTo(40);
        await Assert.That(h.Server.Requests.Count).IsEqualTo(requests);

        // --all asks the server, which holds them all; --force sends everything again, changing nothing.
        (code, output, _) = await Sync(home, h, "--all", "--json");
        await Assert.That(Report(output).Skipped).IsEqualTo(40);
        (code, output, _) = await Sync(home, h, "--force", "--session", "ses_0001bf7ffe0001Test", "--json");
        await Assert.That(code).IsEqualTo(ExitCodes.Ok);
        await Assert.That(Report(output).Synced).IsEqualTo(1);
        await Assert.That(h.Actual()).IsEqualTo(expected);
    }

    [Test]
    [Arguments(0)]
    [Arguments(30)]
    [Arguments(150)]
    public async Task Interrupted_sync_stops_cleanly_and_the_next_run_finishes_the_job(int cancelAfterMs)
    {
        await using var h = await DeliveryHarness.StartAsync();
        using var home = new TestHome();
        var lines = OpenCodeHistory.Sessions(40, home.Project, hugeOutputChars: 100_000);
        OpenCodeHistory.WriteDb(DbPath(home), Folding.Fold(lines));
        var expected = h.ExpectedFor(lines);

        using var cts = new CancellationTokenSource();
        cts.CancelAfter(cancelAfterMs);
        var (code, output, err) = await Sync(home, h, cts.Token);
        // Where it stops depends on timing; that it stops cleanly (or finished first) does not.
        await Assert.That(code is ExitCodes.Interrupted or ExitCodes.Ok).IsTrue().Because(output + err);
        if (code == ExitCodes.Interrupted)
            await Assert.That(output).Contains("Run the same command again to continue.");

        (code, output, err) = await Sync(home, h);
        await Assert.That(code).IsEqualTo(ExitCodes.Ok).Because(output + err);
        await Assert.That(h.Actual()).IsEqualTo(expected);
        await Assert.That(h.Server.AutoCreatedSessions.Count).IsEqualTo(0);
    }

    [Test]
    public async Task Many_sessions_in_flight_ride_out_5xx_and_dropped_connections_with_each_session_in_order()
    {
        await using var h = await DeliveryHarness.StartAsync();
        using var home = new TestHome();
        var lines = OpenCodeHistory.Sessions(40, home.Project, hugeOutputChars: 10);
        OpenCodeHistory.WriteDb(DbPath(home), Folding.Fold(lines));
        var expected = h.ExpectedFor(lines);
        h.Server.Faults.FailNext(6, 503, pathPrefix: "/sync/");
        h.Server.Faults.DropNext(3, pathPrefix: "/sync/message");
        h.Server.Faults.FailNext(2, 500, pathPrefix: "/sync/session", afterProcessing: true);

        var (code, output, err) = await Sync(home, h);

        await Assert.That(code).IsEqualTo(ExitCodes.Ok).Because(output + err);
        await Assert.That(output).Contains("40 session(s) synced, 0 skipped, 0 failed.");
        await Assert.That(h.Actual()).IsEqualTo(expected);
        await Assert.That(h.Server.AutoCreatedSessions.Count).IsEqualTo(0);
        await Assert.That(h.Server.Faults.Pending.Count).IsEqualTo(0);
    }

    [Test]
    public async Task A_refused_key_stops_the_backfill_keeps_everything_queued_and_says_why()
    {
        await using var h = await DeliveryHarness.StartAsync();
        using var home = new TestHome();
        var lines = OpenCodeHistory.Sessions(40, home.Project, hugeOutputChars: 10);
        OpenCodeHistory.WriteDb(DbPath(home), Folding.Fold(lines));
        h.Server.Keys.Revoke(h.ApiKey);

        var (code, output, err) = await Sync(home, h, "--json");

        await Assert.That(code).IsEqualTo(ExitCodes.BackendFailing).Because(output + err);
        var report = Report(output);
        await Assert.That(report.Synced).IsEqualTo(0);
        await Assert.That(report.Failed).IsGreaterThan(0);
        await Assert.That(report.Sessions.Where(x => x.Status == "failed").Select(x => x.Reason ?? "").Distinct())
            .IsEquivalentTo(["the backend refused the API key (401)"]);
        await Assert.That(h.Server.Sessions.Count).IsEqualTo(0);

        // With the key working again, the next run sends every session exactly as live sync would.
        h.Server.Keys.Restore(h.ApiKey);
        (code, output, err) = await Sync(home, h);
        await Assert.That(code).IsEqualTo(ExitCodes.Ok).Because(output + err);
        await Assert.That(h.Actual()).IsEqualTo(h.ExpectedFor(lines));
    }

    [Test]
    public async Task A_terminal_sees_a_progress_bar_on_stderr_that_is_erased_and_json_sees_none()
    {
        await using var h = await DeliveryHarness.StartAsync();
        using var home = new TestHome();
        OpenCodeHistory.WriteDb(DbPath(home), Folding.Fold(OpenCodeHistory.Sessions(3, home.Project, hugeOutputChars: 10)));

        var terminal = new FakeConsole(terminal: true);
        var code = await new SyncCommand(Context(home, terminal, h)).RunAsync(timeout: 60);

        await Assert.That(code).IsEqualTo(ExitCodes.Ok).Because(terminal.All);
        // The last session always gets its frame; then the line is blanked for the summary.
        await Assert.That(terminal.Stderr).StartsWith("\r[....................] 0/3 sessions");
        await Assert.That(terminal.Stderr).Contains("\r[####################] 3/3 sessions");
        await Assert.That(terminal.Stderr).EndsWith("\r");
        await Assert.That(terminal.Stderr.TrimEnd('\r', ' ')).DoesNotContain("\n");
        await Assert.That(terminal.Stdout).IsEqualTo("3 session(s) synced, 0 skipped, 0 failed." + Environment.NewLine);

        var json = new FakeConsole(terminal: true);
        code = await new SyncCommand(Context(home, json, h)).RunAsync(force: true, json: true, timeout: 60);
        await Assert.That(code).IsEqualTo(ExitCodes.Ok).Because(json.All);
        await Assert.That(json.Stderr).IsEmpty();
        await Assert.That(Report(json.Stdout).Synced).IsEqualTo(3);
    }

    [Test]
    public async Task Dry_run_prints_the_redacted_records_and_sends_nothing_without_an_account()
    {
        using var home = new TestHome();
        var lines = OpenCodeHistory.Sessions(3, home.Project, hugeOutputChars: 10);
        var fold = Folding.Fold(lines);
        OpenCodeHistory.WriteDb(DbPath(home), fold);

        var (code, output, err) = await Sync(home, null, "--dry-run");

        await Assert.That(code).IsEqualTo(ExitCodes.Ok).Because(err);
        await Assert.That(output).DoesNotContain("ghp_");
        await Assert.That(output).Contains("[REDACTED");
        foreach (var id in fold.Store.SessionIds)
        {
            var records = JsonSerializer.Serialize(Backfill.Records(fold.Snapshot(id), RecordOptions.Default), ReportJson.Default.SessionExport);
            await Assert.That(output).Contains(records);
        }
        await Assert.That(output).Contains("3 session(s) would sync, 0 skipped, 0 failed.");
        await Assert.That(File.Exists(Path.Combine(home.Paths.StateDir, "state.db"))).IsFalse();
    }

    [Test]
    public async Task Filters_pick_by_session_date_and_project()
    {
        using var home = new TestHome();
        var lines = OpenCodeHistory.Sessions(9, home.Project, hugeOutputChars: 10);
        OpenCodeHistory.WriteDb(DbPath(home), Folding.Fold(lines));

        async Task<int> Count(params string[] args)
        {
            var (code, output, err) = await Sync(home, null, [.. args, "--dry-run", "--json"]);
            await Assert.That(code).IsEqualTo(ExitCodes.Ok).Because(err);
            return Report(output).Synced;
        }

        await Assert.That(await Count()).IsEqualTo(9);
        await Assert.That(await Count("--session", "ses_0004bf7ffe0004Test")).IsEqualTo(1);
        await Assert.That(await Count("--session", "ses_nope")).IsEqualTo(0);
        // Session i starts on 2026-01-01 + i days.
        await Assert.That(await Count("--since", "2026-01-07")).IsEqualTo(3);
        await Assert.That(await Count("--since", "2026-01-07T00:00:00+01:00")).IsEqualTo(3);
        await Assert.That(await Count("--project", Path.Combine(home.Project, "p1"))).IsEqualTo(3);
        await Assert.That(await Count("--project", home.Project)).IsEqualTo(9);
        await Assert.That(await Count("--project", "p2")).IsEqualTo(3);
        await Assert.That(await Count("--project", home.Project + "/p")).IsEqualTo(0);

        var (usage, _, _) = await Sync(home, null, "--since", "not a date", "--dry-run");
        await Assert.That(usage).IsEqualTo(ExitCodes.Usage);
    }

    [Test]
    public async Task Legacy_json_storage_exports_the_same_records_and_a_broken_session_does_not_stop_the_rest()
    {
        using var home = new TestHome();
        using var outDir = new TempDir();
        var lines = OpenCodeHistory.Sessions(4, home.Project, hugeOutputChars: 10).Concat(Fixtures.TextLines(Fixtures.Multi)).ToList();
        var fold = Folding.Fold(lines);
        OpenCodeHistory.WriteLegacy(LegacyRoot(home), fold);
        var broken = Path.Combine(LegacyRoot(home), "session", "global", "ses_broken.json");
        File.WriteAllText(broken, "{ not json");

        var (code, output, _) = await Sync(home, null, "--export", outDir.Path);

        await Assert.That(code).IsEqualTo(ExitCodes.BackendFailing);
        await Assert.That(output).Contains($"{fold.Store.SessionIds.Count} session(s) exported to {outDir.Path}, 0 skipped, 1 failed.");
        await Assert.That(output).Contains("failed   ses_broken:");
        foreach (var id in fold.Store.SessionIds)
        {
            var expected = JsonSerializer.Serialize(Backfill.Records(fold.Snapshot(id), RecordOptions.Default), ReportJson.Default.SessionExport);
            await Assert.That(File.ReadAllText(Path.Combine(outDir.Path, id + ".json")).TrimEnd()).IsEqualTo(expected);
        }
    }

    [Test]
    public async Task Without_an_account_sync_fills_the_local_archive_and_a_later_sync_sends_it()
    {
        using var home = new TestHome();
        var lines = OpenCodeHistory.Sessions(3, home.Project, hugeOutputChars: 10);
        var fold = Folding.Fold(lines);
        OpenCodeHistory.WriteDb(DbPath(home), fold);

        var (code, output, _) = await Sync(home, null);

        await Assert.That(code).IsEqualTo(ExitCodes.Ok);
        var archivePath = OpenCodeSync.Archive.ArchiveDb.PathIn(home.Paths.DataDir);
        await Assert.That(output).Contains($"3 session(s) archived in {archivePath}, 0 skipped, 0 failed.");
        await Assert.That(output).Contains("Local only — run `opencode-sync login`");
        using (var archive = new Archive.ArchiveFile(archivePath))
        {
            foreach (var id in fold.Store.SessionIds)
            {
                var records = Backfill.Records(fold.Snapshot(id), RecordOptions.Default);
                await Assert.That(archive.Column("SELECT record FROM sessions WHERE id = ?1", id).Single())
                    .IsEqualTo(JsonSerializer.Serialize(records.Session, ContractJson.Default.SessionRecord));
                await Assert.That(archive.Count("SELECT COUNT(*) FROM messages WHERE session_id = ?1", id)).IsEqualTo(records.Messages.Count);
            }
        }

        // Logged in later: the same command sends what was archived, exactly as the history has it.
        await using var h = await DeliveryHarness.StartAsync();
        var expected = h.ExpectedFor(lines);
        var (sent, _, _) = await Sync(home, h);
        await Assert.That(sent).IsEqualTo(ExitCodes.Ok);
        await Assert.That(h.Actual()).IsEqualTo(expected);
    }

    [Test]
    public async Task Published_binary_exports_from_OPENCODE_DB()
    {
        using var home = new TestHome();
        using var outDir = new TempDir();
        var lines = OpenCodeHistory.Sessions(5, home.Project, hugeOutputChars: 200_000);
        var fold = Folding.Fold(lines);
        var db = Path.Combine(home.Home, "elsewhere", "opencode.db");
        OpenCodeHistory.WriteDb(db, fold);
        var env = home.ProcessEnvironment();
        env[EnvVars.OpenCodeDb] = db;

        var r = await PublishedBinary.RunAsync(["sync", "--export", outDir.Path, "--json"], env);

        await Assert.That(r.ExitCode).IsEqualTo(0).Because(r.All);
        await Assert.That(Report(r.Stdout).Synced).IsEqualTo(5);
        foreach (var id in fold.Store.SessionIds)
        {
            var text = File.ReadAllText(Path.Combine(outDir.Path, id + ".json"));
            await Assert.That(text).DoesNotContain("ghp_");
            var expected = JsonSerializer.Serialize(Backfill.Records(fold.Snapshot(id), RecordOptions.Default), ReportJson.Default.SessionExport);
            await Assert.That(text.TrimEnd()).IsEqualTo(expected);
        }
    }
}
