using OpenCodeSync.Delivery;
using OpenCodeSync.Tests.Support;
using OpenCodeSync.State;

namespace OpenCodeSync.Tests.Delivery;

/// <summary>Backend trouble: every fault ends in the same server state as a clean run, with no duplicates.</summary>
public class DeliveryFaultTests
{
    private const string Validation =
        """{"error":"ArgumentValidationError: Value does not match validator.\nPath: .role\nValue: \"robot\"\nValidator: v.union(...)"}""";

    private static async Task<(DeliveryHarness H, string Expected)> StartAsync(string fixture = Fixtures.Multi)
    {
        var h = await DeliveryHarness.StartAsync();
        var lines = Fixtures.TextLines(fixture);
        var expected = h.ExpectedFor(lines);
        h.Journal.AppendAll(lines);
        return (h, expected);
    }

    private static async Task AssertCleanAsync(DeliveryHarness h, string expected)
    {
        await Assert.That(h.Actual()).IsEqualTo(expected);
        await Assert.That(h.Server.AutoCreatedSessions).IsEmpty();
        await Assert.That(h.Server.Sessions.Count).IsEqualTo(1);
        await Assert.That(h.Db.PendingCount()).IsEqualTo(0);
    }

    [Test]
    public async Task A_503_burst_is_retried_through()
    {
        var (h, expected) = await StartAsync();
        await using var _ = h;
        h.Server.Faults.FailNext(3, 503);

        var result = await h.FlushAsync();

        await Assert.That(result.Pending).IsEqualTo(0);
        await AssertCleanAsync(h, expected);
        await Assert.That(h.Server.Requests.Count(r => r.Status == 503)).IsEqualTo(3);
    }

    [Test]
    public async Task A_429_with_retry_after_is_honoured()
    {
        var (h, expected) = await StartAsync(Fixtures.Simple);
        await using var _ = h;
        h.Server.Faults.FailNext(1, 429, retryAfterSeconds: 1);

        var started = System.Diagnostics.Stopwatch.StartNew();
        await h.FlushAsync();

        await AssertCleanAsync(h, expected);
        // The test policy caps waits at 200 ms; Retry-After is honoured up to that cap, not ignored.
        await Assert.That(started.Elapsed).IsGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(150));
    }

    [Test]
    public async Task Dropped_connections_before_and_after_the_write_leave_no_duplicates()
    {
        var (h, expected) = await StartAsync();
        await using var _ = h;
        h.Server.Faults.DropNext(2, pathPrefix: "/sync/message");
        h.Server.Faults.DropNext(1, pathPrefix: "/sync/message", afterProcessing: true);

        await h.FlushAsync();

        await AssertCleanAsync(h, expected);
        await Assert.That(h.Server.Requests.Count(r => r.Status == 0)).IsEqualTo(3);
        await Assert.That(h.Server.SkippedUpdates.All(s => s.Kind == "message")).IsTrue();
    }

    [Test]
    public async Task A_10_s_stall_costs_one_attempt_timeout_not_10_s()
    {
        var (h, expected) = await StartAsync(Fixtures.Simple);
        await using var _ = h;
        h.Server.Faults.StallNext(1, TimeSpan.FromSeconds(10), pathPrefix: "/sync/message");

        var started = System.Diagnostics.Stopwatch.StartNew();
        await h.FlushAsync();

        await AssertCleanAsync(h, expected);
        await Assert.That(started.Elapsed).IsLessThan(TimeSpan.FromSeconds(6));
        await Assert.That(h.Server.Requests.Count(r => r.Fault is "stall" or "client-aborted")).IsGreaterThanOrEqualTo(1);
    }

    [Test]
    public async Task A_refused_key_pauses_everything_until_the_key_works_again()
    {
        var (h, expected) = await StartAsync();
        await using var _ = h;
        h.Server.Keys.Revoke(h.ApiKey);

        var refused = await h.FlushAsync();

        await Assert.That(refused.Unauthorized).IsTrue();
        await Assert.That(refused.Pending).IsGreaterThan(0);
        await Assert.That(h.Server.Sessions).IsEmpty();
        // One request found out; nothing else was tried with a key known to be refused.
        await Assert.That(h.Server.Requests.Count).IsEqualTo(1);
        await Assert.That(h.Db.GetMeta(MetaKeys.PausedUnauthorized)).IsNotNull();
        await Assert.That(h.Db.DeadLetterCount()).IsEqualTo(0);

        h.Server.Keys.Restore(h.ApiKey);
        var resumed = await h.FlushAsync();

        await Assert.That(resumed.Unauthorized).IsFalse();
        await AssertCleanAsync(h, expected);
        await Assert.That(h.Db.GetMeta(MetaKeys.PausedUnauthorized)).IsNull();
    }

    [Test]
    public async Task A_backend_down_for_a_whole_session_then_up_gets_the_same_records_once()
    {
        var (h, expected) = await StartAsync();
        await using var _ = h;
        h.Server.Faults.Down();

        var down = await h.Loop().RunAsync(LoopMode.Flush, TimeSpan.FromSeconds(2), CancellationToken.None);

        await Assert.That(down.TimedOut).IsTrue();
        await Assert.That(down.Pending).IsGreaterThan(0);
        await Assert.That(down.LastError).IsNotNull();
        await Assert.That(h.Server.Sessions).IsEmpty();
        await Assert.That(h.Db.GetMeta(MetaKeys.LastError)).IsNotNull();

        h.Server.Faults.Up();
        var up = await h.FlushAsync();

        await Assert.That(up.Pending).IsEqualTo(0);
        await AssertCleanAsync(h, expected);
        await Assert.That(h.Server.Messages.All(m => m.Writes == 1)).IsTrue();
    }

    [Test]
    public async Task Invalid_content_is_retried_a_bounded_number_of_runs_then_dead_lettered_without_blocking_others()
    {
        var (h, expected) = await StartAsync();
        await using var _ = h;
        var loop = h.Loop(online: false);
        var worker = h.Worker();
        var dead = 0;
        // Three runs in which the same message (the first one sent) is called invalid.
        for (var run = 0; run < 3; run++)
        {
            await Poll.Until(() => h.Db.NextDueAt() is not { } due || due <= DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), TimeSpan.FromSeconds(5));
            h.Server.Faults.FailNext(1, 500, body: Validation, pathPrefix: "/sync/message");
            loop.FoldAndPlan();
            var pass = await worker.SendDueAsync(CancellationToken.None);
            dead += pass.DeadLettered;
            await Assert.That(pass.Failed + pass.DeadLettered).IsEqualTo(1);
        }
        var result = await h.FlushAsync();

        await Assert.That(dead).IsEqualTo(1);
        await Assert.That(result.Pending).IsEqualTo(0);
        await Assert.That(h.Db.DeadLetterCount()).IsEqualTo(1);
        // The HTTP layer does not retry it within a run: exactly one request per run, three runs.
        await Assert.That(h.Server.Requests.Count(r => r.Status == 500)).IsEqualTo(3);
        var file = await File.ReadAllLinesAsync(Path.Combine(h.StateDir, DeadLetterFile.FileName));
        await Assert.That(file).HasSingleItem();
        await Assert.That(file[0]).Contains("ArgumentValidationError").And.Contains("\"record\":{");
        // Everything else arrived: the expected records minus the dead one.
        var deadId = System.Text.Json.Nodes.JsonNode.Parse(file[0])!["id"]!.GetValue<string>();
        await Assert.That(h.Server.FindMessage(deadId)).IsNull();
        await Assert.That(h.Server.Messages.Count).IsEqualTo(expected.Split('\n').Count(l => l.Contains("sessionExternalId", StringComparison.Ordinal)) - 1);
        await Assert.That(h.Server.AutoCreatedSessions).IsEmpty();
    }

    [Test]
    public async Task A_rejected_record_is_dead_lettered_at_once()
    {
        var (h, _) = await StartAsync(Fixtures.Simple);
        await using var __ = h;
        h.Server.Faults.FailNext(1, 400, body: """{"error":"bad"}""", pathPrefix: "/sync/message");

        var result = await h.FlushAsync();

        await Assert.That(result.DeadLettered).IsEqualTo(1);
        await Assert.That(h.Server.Requests.Count(r => r.Status == 400)).IsEqualTo(1);
        await Assert.That(h.Db.DeadLetterCount()).IsEqualTo(1);
    }
}
