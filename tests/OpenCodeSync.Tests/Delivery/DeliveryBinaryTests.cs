using System.Diagnostics;
using System.Text.Json.Nodes;
using OpenCodeSync.Delivery;
using OpenCodeSync.Hosting;
using OpenCodeSync.Sync;
using OpenCodeSync.Tests.Support;
using OpenCodeSync.State;

namespace OpenCodeSync.Tests.Delivery;

/// <summary>
/// The published binary's <c>deliver</c>, <c>flush</c> and <c>status</c>. Most tests fold their events into the
/// state database first (through the journal interface) to control what is queued; the first one goes
/// the whole way: one <c>hook</c> process per event, the hook wakes <c>deliver</c>, the server gets the records.
/// </summary>
public class DeliveryBinaryTests
{
    private static void Prefold(TestHome home, IEnumerable<string> lines)
    {
        using var db = StateDb.Open(home.Paths.StateDir);
        var journal = new MemoryJournal();
        journal.AppendAll(lines);
        new DeliveryLoop(db, journal, null, new SystemClock(), DeliveryOptions.Default, RecordOptions.Default).FoldAndPlan();
    }

    private static Dictionary<string, string> Env(TestHome home, DeliveryHarness h, string? key = null)
    {
        var env = home.ProcessEnvironment();
        env[EnvVars.Url] = h.Server.BaseAddress.ToString().TrimEnd('/');
        env[EnvVars.ApiKey] = key ?? h.ApiKey;
        return env;
    }

    private static Process Start(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> env)
    {
        var psi = new ProcessStartInfo(PublishedBinary.Path) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment.Clear();
        foreach (var (k, v) in env)
            psi.Environment[k] = v;
        return Process.Start(psi)!;
    }

    [Test]
    public async Task Events_through_the_hook_reach_the_server_and_delivery_exits_when_idle()
    {
        await using var h = await DeliveryHarness.StartAsync();
        using var home = new TestHome();
        var lines = Fixtures.TextLines(Fixtures.Multi);
        var expected = h.ExpectedFor(lines);
        var env = Env(home, h);

        foreach (var line in lines)
        {
            var r = await PublishedBinary.RunAsync(["hook"], env, line + "\n");
            await Assert.That(r.ExitCode).IsEqualTo(0);
        }
        var lastEvent = Stopwatch.StartNew();
        await Poll.Until(() => h.Actual() == expected, TimeSpan.FromSeconds(30), "the server holds every record");
        Metrics.Report($"hook e2e multi: last event → all records on server {lastEvent.ElapsedMilliseconds} ms, {h.Server.Requests.Count} requests ({string.Join(", ", h.Server.RouteCounts.Select(kv => $"{kv.Key}={kv.Value}"))}) for {h.Server.Messages.Count} messages");

        await Poll.Until(() => !DeliveryLock.IsHeld(home.Paths.StateDir), TimeSpan.FromSeconds(30), "deliver exited");
        await Assert.That(h.Server.AutoCreatedSessions).IsEmpty();
        await Assert.That(h.Server.SkippedUpdates).IsEmpty();
        using var db = StateDb.Open(home.Paths.StateDir);
        await Assert.That(db.PendingCount()).IsEqualTo(0);
        // Fully folded and delivered: the journal was compacted to a new generation.
        await Assert.That(new OpenCodeSync.Journal.FileJournal(home.Paths.StateDir).HasDataAfter(db.Cursor)).IsFalse();
    }

    [Test]
    public async Task A_delivery_killed_mid_request_is_completed_by_the_next_run()
    {
        await using var h = await DeliveryHarness.StartAsync();
        using var home = new TestHome();
        var lines = Fixtures.TextLines(Fixtures.Multi);
        var expected = h.ExpectedFor(lines);
        Prefold(home, lines);
        h.Server.Faults.StallNext(1, TimeSpan.FromSeconds(30), pathPrefix: "/sync/message");

        using (var deliver = Start(["deliver"], Env(home, h)))
        {
            // The stall rule is taken when the request reaches the server: kill while it hangs there.
            await Poll.Until(() => h.Server.Faults.Pending.Count == 0, TimeSpan.FromSeconds(20), "a message request in flight");
            deliver.Kill();   // SIGKILL: no cleanup, the lock goes with the process
            await deliver.WaitForExitAsync();
        }
        await Assert.That(h.Server.Sessions).Count().IsEqualTo(1);
        await Assert.That(h.Server.Messages).IsEmpty();

        var flush = await PublishedBinary.RunAsync(["flush", "--timeout", "60"], Env(home, h));

        await Assert.That(flush.ExitCode).IsEqualTo(ExitCodes.Ok).Because(flush.All);
        await Assert.That(flush.Stdout).Contains("Everything is synced.");
        await Assert.That(h.Actual()).IsEqualTo(expected);
        await Assert.That(h.Server.AutoCreatedSessions).IsEmpty();

        var status = await PublishedBinary.RunAsync(["status", "--json"], Env(home, h));
        var delivery = JsonNode.Parse(status.Stdout)!["delivery"]!;
        await Assert.That(delivery["pendingRecords"]!.GetValue<long>()).IsEqualTo(0);
        await Assert.That(delivery["lastSuccessAt"]).IsNotNull();
        await Assert.That(delivery["pausedUnauthorized"]!.GetValue<bool>()).IsFalse();
        await Assert.That(delivery["deadLetters"]!.GetValue<long>()).IsEqualTo(0);
    }

    [Test]
    public async Task Flush_with_a_refused_key_keeps_everything_and_says_why()
    {
        await using var h = await DeliveryHarness.StartAsync();
        using var home = new TestHome();
        Prefold(home, Fixtures.TextLines(Fixtures.Simple));

        var flush = await PublishedBinary.RunAsync(["flush", "--timeout", "20"], Env(home, h, key: "osk_" + new string('x', 32)));

        await Assert.That(flush.ExitCode).IsEqualTo(ExitCodes.BackendFailing);
        await Assert.That(flush.Stdout).Contains("401");
        await Assert.That(h.Server.Sessions).IsEmpty();
        var status = await PublishedBinary.RunAsync(["status", "--json"], Env(home, h, key: "osk_" + new string('x', 32)));
        var delivery = JsonNode.Parse(status.Stdout)!["delivery"]!;
        await Assert.That(delivery["pausedUnauthorized"]!.GetValue<bool>()).IsTrue();
        await Assert.That(delivery["pendingRecords"]!.GetValue<long>()).IsGreaterThan(0);
        await Assert.That(delivery["lastError"]!.GetValue<string>()).Contains("401");

        // With the working key the same records go out and the pause is lifted.
        var again = await PublishedBinary.RunAsync(["flush", "--timeout", "60"], Env(home, h));
        await Assert.That(again.ExitCode).IsEqualTo(ExitCodes.Ok).Because(again.All);
        await Assert.That(h.Server.Messages.Count).IsGreaterThan(0);
    }

    [Test]
    public async Task Deliver_exits_at_once_when_another_process_holds_the_lock()
    {
        await using var h = await DeliveryHarness.StartAsync();
        using var home = new TestHome();
        Prefold(home, Fixtures.TextLines(Fixtures.Simple));
        using var held = DeliveryLock.TryAcquire(home.Paths.StateDir);
        await Assert.That(held).IsNotNull();

        var started = Stopwatch.StartNew();
        var r = await PublishedBinary.RunAsync(["deliver"], Env(home, h));

        await Assert.That(r.ExitCode).IsEqualTo(0);
        await Assert.That(started.Elapsed).IsLessThan(TimeSpan.FromSeconds(2));
        await Assert.That(h.Server.Requests).IsEmpty();
    }

    [Test]
    public async Task Flush_when_not_logged_in_keeps_everything_and_fails()
    {
        using var home = new TestHome();
        Prefold(home, Fixtures.TextLines(Fixtures.Simple));

        var r = await PublishedBinary.RunAsync(["flush", "--timeout", "5"], home.ProcessEnvironment());

        await Assert.That(r.ExitCode).IsEqualTo(ExitCodes.NotConfigured);
        await Assert.That(r.Stdout).Contains("not logged in");
        using var db = StateDb.Open(home.Paths.StateDir);
        await Assert.That(db.PendingCount()).IsGreaterThan(0);
    }

    [Test]
    public async Task Deliver_sends_everything_then_exits_on_its_own_when_idle()
    {
        await using var h = await DeliveryHarness.StartAsync();
        using var home = new TestHome();
        var lines = Fixtures.TextLines(Fixtures.Tool);
        var expected = h.ExpectedFor(lines);
        Prefold(home, lines);

        var started = Stopwatch.StartNew();
        var r = await PublishedBinary.RunAsync(["deliver"], Env(home, h), timeout: TimeSpan.FromSeconds(30));

        await Assert.That(r.ExitCode).IsEqualTo(0).Because(r.All);
        await Assert.That(h.Actual()).IsEqualTo(expected);
        // About 3 s of idling after the last send, and not much more.
        await Assert.That(started.Elapsed).IsGreaterThan(TimeSpan.FromSeconds(2.5)).And.IsLessThan(TimeSpan.FromSeconds(10));
        var status = await PublishedBinary.RunAsync(["status"], Env(home, h));
        await Assert.That(status.Stdout).Contains("Outbox    0 record(s) pending").And.Contains("last success");
    }

    [Test]
    public async Task Help_lists_flush_but_not_the_internal_deliver()
    {
        using var home = new TestHome();
        var r = await PublishedBinary.RunAsync(["--help"], home.ProcessEnvironment());
        await Assert.That(r.Stdout).Contains("  flush ");
        await Assert.That(r.Stdout).DoesNotContain("  deliver ");
        var flush = await PublishedBinary.RunAsync(["flush", "--help"], home.ProcessEnvironment());
        await Assert.That(flush.Stdout).Contains("--timeout");
    }
}
