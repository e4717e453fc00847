using System.Text.Json;
using OpenCodeSync.Archive;
using OpenCodeSync.Commands;
using OpenCodeSync.Delivery;
using OpenCodeSync.Hosting;
using OpenCodeSync.Sync;
using OpenCodeSync.Tests.Support;
using static OpenCodeSync.Tests.Archive.ArchiveKit;

namespace OpenCodeSync.Tests.Archive;

/// <summary>The sync column: what state.db says reached the backend, read beside the archive.</summary>
public class SyncStateTests
{
    /// <summary>A user whose state dir is the harness's (linked), so commands read the same delivery state.</summary>
    private static TestHome HomeSharing(DeliveryHarness h)
    {
        var home = new TestHome();
        var stateHome = Path.Combine(home.Home, "xdg-state");
        Directory.CreateDirectory(stateHome);
        Directory.CreateSymbolicLink(Path.Combine(stateHome, "opencode-sync"), h.StateDir);
        home.Env.Vars[EnvVars.XdgStateHome] = stateHome;
        return home;
    }

    private static async Task<Dictionary<string, string>> States(TestHome home)
    {
        var (code, console) = Run(home, c => new SessionsCommand(c).Run(json: true));
        await Assert.That(code).IsEqualTo(0);
        using var doc = JsonDocument.Parse(console.Stdout);
        return doc.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("sync").GetString()!);
    }

    [Test]
    public async Task Delivered_sessions_are_synced()
    {
        await using var h = await DeliveryHarness.StartAsync();
        using var home = HomeSharing(h);
        h.Journal.AppendAll(Fixtures.TextLines(Fixtures.Tool));
        using (var archive = ArchiveDb.Open(home.Paths.DataDir))
        {
            var loop = new DeliveryLoop(h.Db, h.Journal, h.Worker(), new SystemClock(), h.Options, RecordOptions.Default, "key-id") { Archive = archive };
            await loop.RunAsync(LoopMode.Flush, TimeSpan.FromSeconds(60), CancellationToken.None);
        }

        await Assert.That((await States(home))[ToolSession]).IsEqualTo("synced");
    }

    [Test]
    public async Task Queued_sessions_are_pending_when_logged_in_and_local_when_not()
    {
        await using var h = await DeliveryHarness.StartAsync();
        using var home = HomeSharing(h);
        h.Journal.AppendAll(Fixtures.TextLines(Fixtures.Tool));
        using (var archive = ArchiveDb.Open(home.Paths.DataDir))
        {
            // Folded and planned, nothing sent: what happens offline or before a login.
            var loop = new DeliveryLoop(h.Db, h.Journal, null, new SystemClock(), h.Options, RecordOptions.Default, "key-id") { Archive = archive };
            loop.FoldAndPlan();
        }

        await Assert.That((await States(home))[ToolSession]).IsEqualTo("local");
        home.Env.Vars[EnvVars.Url] = "http://127.0.0.1:9";
        home.Env.Vars[EnvVars.ApiKey] = "osk_" + new string('a', 32);
        await Assert.That((await States(home))[ToolSession]).IsEqualTo("pending");
    }

    [Test]
    public async Task Without_any_state_every_session_is_local()
    {
        using var home = Home();
        var states = await States(home);

        await Assert.That(states.Values.Distinct().ToList()).IsEquivalentTo(["local"]);
    }
}
