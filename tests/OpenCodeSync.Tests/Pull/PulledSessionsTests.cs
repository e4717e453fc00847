using System.Text.Json;
using OpenCodeSync.Archive;
using OpenCodeSync.Cli;
using OpenCodeSync.Commands;
using OpenCodeSync.Hosting;
using OpenCodeSync.Pull;
using OpenCodeSync.Sqlite;
using OpenCodeSync.Tests.Archive;
using OpenCodeSync.Tests.ContractServer;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.Pull;

/// <summary>Pulled sessions beside local ones: marked as such by every read command, filtered with <c>--origin</c>.</summary>
public class PulledSessionsTests
{
    private const string Remote = "ses_from_the_desktop";

    /// <summary>A user with this machine's fixture sessions who pulled one session another machine synced.</summary>
    private static async Task<(TestHome Home, DeliveryHarness Backend)> LocalAndPulled()
    {
        var h = await DeliveryHarness.StartAsync();
        using (var client = h.Server.CreateClient())
        {
            await Wire.Post(client, "sync/session", $$"""{"externalId":"{{Remote}}","title":"Desktop work","projectPath":"/home/me/desk","projectName":"desk"}""");
            await Wire.Post(client, "sync/message", $$"""{"sessionExternalId":"{{Remote}}","externalId":"msg_desk_1","role":"user","textContent":"tune the carburettor","promptTokens":40}""");
            await Wire.Post(client, "sync/message", $$"""{"sessionExternalId":"{{Remote}}","externalId":"msg_desk_2","role":"assistant","textContent":"carburettor tuned","completionTokens":9}""");
        }
        var home = ArchiveKit.Home(Fixtures.Simple, Fixtures.Tool);
        home.Env.Vars[EnvVars.Url] = h.Server.BaseAddress.ToString().TrimEnd('/');
        home.Env.Vars[EnvVars.ApiKey] = h.ApiKey;
        var console = new FakeConsole();
        var ctx = new CliContext(console, home.Env, new SystemClock()) { WorkingDirectory = home.Project, Delivery = DeliveryHarness.FastOptions };
        var code = await new PullCommand(ctx).RunAsync();
        if (code != ExitCodes.Ok)
            throw new InvalidOperationException(console.All);
        return (home, h);
    }

    private static List<(string Id, string Sync)> Listed(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return [.. doc.RootElement.EnumerateArray().Select(r => (r.GetProperty("id").GetString()!, r.GetProperty("sync").GetString()!))];
    }

    [Test]
    public async Task Sessions_marks_them_pulled_and_origin_keeps_one_kind()
    {
        var (home, h) = await LocalAndPulled();
        using var _ = home;
        await using var __ = h;

        var all = Listed(ArchiveKit.Run(home, c => new SessionsCommand(c).Run(json: true)).Console.Stdout);
        var pulled = Listed(ArchiveKit.Run(home, c => new SessionsCommand(c).Run(origin: "pulled", json: true)).Console.Stdout);
        var local = Listed(ArchiveKit.Run(home, c => new SessionsCommand(c).Run(origin: "local", json: true)).Console.Stdout);

        await Assert.That(all.Count).IsEqualTo(3);
        await Assert.That(all.Single(r => r.Id == Remote).Sync).IsEqualTo(SyncStates.Pulled);
        await Assert.That(pulled).IsEquivalentTo([(Remote, SyncStates.Pulled)]);
        await Assert.That(local.Select(r => r.Id).Order(StringComparer.Ordinal))
            .IsEquivalentTo([ArchiveKit.ToolSession, ArchiveKit.SimpleSession], TUnit.Assertions.Enums.CollectionOrdering.Any);
        await Assert.That(local.All(r => r.Sync != SyncStates.Pulled)).IsTrue();
    }

    [Test]
    public async Task Search_stats_and_show_cover_them_and_say_where_they_came_from()
    {
        var (home, h) = await LocalAndPulled();
        using var _ = home;
        await using var __ = h;

        var hits = ArchiveKit.Run(home, c => new SearchCommand(c).Run("carburettor", json: true)).Console.Stdout;
        var localHits = ArchiveKit.Run(home, c => new SearchCommand(c).Run("carburettor", origin: "local", json: true)).Console.Stdout;
        var stats = ArchiveKit.Run(home, c => new StatsCommand(c).Run(by: "project", origin: "pulled", json: true)).Console.Stdout;
        var show = ArchiveKit.Run(home, c => new ShowCommand(c).Run(Remote)).Console.Stdout;

        using (var doc = JsonDocument.Parse(hits))
            await Assert.That(doc.RootElement.EnumerateArray().Select(x => x.GetProperty("sessionId").GetString()!).Distinct()).IsEquivalentTo([Remote]);
        using (var doc = JsonDocument.Parse(localHits))
            await Assert.That(doc.RootElement.GetArrayLength()).IsEqualTo(0);
        var report = JsonSerializer.Deserialize(stats, ReportJson.Default.StatsReport)!;
        await Assert.That(report.Rows.Select(r => r.Key)).IsEquivalentTo(["/home/me/desk"]);
        await Assert.That(report.Total.Messages).IsEqualTo(2);
        await Assert.That(report.Total.PromptTokens).IsEqualTo(40);
        await Assert.That(show).Contains("pulled from OpenSync").And.Contains("tune the carburettor");
    }

    [Test]
    public async Task Status_counts_them_and_shows_the_last_pull()
    {
        var (home, h) = await LocalAndPulled();
        using var _ = home;
        await using var __ = h;
        var console = new FakeConsole();

        await new StatusCommand(home.Context(console)).RunAsync();

        await Assert.That(console.Stdout).Contains("3 session(s) (1 pulled)");
        await Assert.That(console.Stdout).Contains("1 session(s) came down in the last pull");
    }

    [Test]
    public async Task A_wrong_origin_is_a_usage_error()
    {
        using var home = ArchiveKit.Home(Fixtures.Simple);

        var (code, console) = ArchiveKit.Run(home, c => new SessionsCommand(c).Run(origin: "elsewhere"));

        await Assert.That(code).IsEqualTo(ExitCodes.Usage);
        await Assert.That(console.Stderr).Contains("--origin 'elsewhere' is not one of local, pulled");
    }

    [Test]
    public async Task A_version_1_archive_reads_as_all_local_and_takes_pulled_sessions_once_upgraded()
    {
        using var home = ArchiveKit.Home(Fixtures.Simple);
        using (var db = SqliteDb.Open(ArchiveDb.PathIn(home.Paths.DataDir)))
            db.Exec("ALTER TABLE sessions DROP COLUMN origin; PRAGMA user_version = 1");

        using (var old = ArchiveDb.OpenForReading(home.Paths.DataDir)!)
        {
            await Assert.That(old.Version).IsEqualTo(1);
            await Assert.That(old.ListSessions(new SessionFilter(), 10, configured: false).Single().Sync).IsEqualTo(SyncStates.Local);
            await Assert.That(old.ListSessions(new SessionFilter(Origin: Origins.Pulled), 10, configured: false).Count).IsEqualTo(0);
        }

        using var upgraded = ArchiveDb.Open(home.Paths.DataDir);
        await Assert.That(upgraded.Version).IsEqualTo(2);
        await Assert.That(upgraded.IsLocal(ArchiveKit.SimpleSession)).IsTrue();
        var saved = upgraded.SavePulled(new PulledSession(new OpenSync.SessionRecord { ExternalId = Remote, Source = "unknown" }, [], 5), out _);
        await Assert.That(saved).IsTrue();
        await Assert.That(upgraded.ListSessions(new SessionFilter(Origin: Origins.Pulled), 10, configured: false).Select(s => s.Id)).IsEquivalentTo([Remote]);
    }
}
