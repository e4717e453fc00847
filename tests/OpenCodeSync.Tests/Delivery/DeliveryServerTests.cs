using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.Delivery;

/// <summary>The whole delivery path (journal → fold → plan → HTTP) against the strict contract server.</summary>
public class DeliveryServerTests
{
    public static IEnumerable<string> AllFixtures() => [Fixtures.Simple, Fixtures.Tool, Fixtures.Reason, Fixtures.Multi, Fixtures.Bash];

    /// <summary>Every fixture against today's backend and against one older than February 2026 (it sums message tokens).</summary>
    public static IEnumerable<(string Fixture, bool OlderBackend)> FixturesOnBothBackends() =>
        AllFixtures().SelectMany(f => new[] { (f, false), (f, true) });

    [Test]
    [MethodDataSource(nameof(FixturesOnBothBackends))]
    public async Task A_recorded_stream_arrives_exactly_as_its_records_on_todays_and_an_older_backend(string fixture, bool olderBackend)
    {
        await using var h = await DeliveryHarness.StartAsync(serverOptions: new() { SumMessageTokensIntoSession = olderBackend });
        var lines = Fixtures.TextLines(fixture);
        var expected = h.ExpectedFor(lines);
        h.Journal.AppendAll(lines);

        var result = await h.FlushAsync();

        await Assert.That(result.Pending).IsEqualTo(0);
        await Assert.That(h.Actual()).IsEqualTo(expected);
        await Assert.That(h.Server.AutoCreatedSessions).IsEmpty();
        // One request per session and per message, and the session's totals once more after the messages that carry
        // tokens — unless delivery has read back how this backend treats message tokens (MessageTokenProbe) and knows
        // it holds them already. Today's backend writes that record (it held none); an older one already summed the
        // same totals and may skip it — the only skip allowed, as it loses nothing.
        var withTokens = h.Server.Sessions.Count(s => h.Server.MessagesOf(s.ExternalId).Any(m => m.PromptTokens > 0 || m.CompletionTokens > 0));
        var minimum = h.Server.Sessions.Count + h.Server.Messages.Count + withTokens;
        var writes = h.Server.Requests.Count(r => r.Path != "/api/sessions");
        await Assert.That(writes).IsLessThanOrEqualTo(minimum);
        await Assert.That(writes).IsGreaterThanOrEqualTo(minimum - (olderBackend ? withTokens : 0));
        if (!olderBackend)
            await Assert.That(h.Server.Requests.Count(r => r.Path == "/api/sessions")).IsLessThanOrEqualTo(2);
        await Assert.That(h.Server.SkippedUpdates.Count).IsLessThanOrEqualTo(olderBackend ? withTokens : 0);
        Metrics.Report($"{fixture}{(olderBackend ? " (older backend)" : "")}: {h.Server.Requests.Count} requests, minimum {minimum}");
    }

    [Test]
    public async Task A_stream_appended_live_ends_in_the_same_state_without_lossy_skips()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var lines = Fixtures.TextLines(Fixtures.Multi);
        var expected = h.ExpectedFor(lines);

        var loop = h.Loop().RunAsync(OpenCodeSync.Delivery.LoopMode.Deliver, TimeSpan.FromSeconds(60), CancellationToken.None);
        foreach (var line in lines)
        {
            h.Journal.Append(line);
            await Task.Delay(3);
        }
        var result = await loop;
        // Deliver stops once idle; anything left would only be time-gated sends, which it waits for.
        await Assert.That(result.Pending).IsEqualTo(0);

        await Assert.That(h.Actual()).IsEqualTo(expected);
        await Assert.That(h.Server.AutoCreatedSessions).IsEmpty();
        await Assert.That(h.Server.SkippedUpdates).IsEmpty();
        Metrics.Report($"live multi: {h.Server.Requests.Count} requests for {h.Server.Messages.Count} messages");
    }

    [Test]
    public async Task A_new_message_is_on_the_server_within_2_s_of_being_appended()
    {
        await using var h = await DeliveryHarness.StartAsync(DeliveryHarness.FastOptions with { IdleExit = TimeSpan.FromSeconds(30) });
        var lines = Fixtures.TextLines(Fixtures.Multi).ToList();
        // Everything up to the last user message first, then that message alone, timed.
        var lastUserLine = lines.FindLastIndex(l => l.Contains("\"role\":\"user\"", StringComparison.Ordinal));
        var userId = System.Text.Json.Nodes.JsonNode.Parse(lines[lastUserLine])!["properties"]!["info"]!["id"]!.GetValue<string>();
        var cut = lines.FindIndex(l => l.Contains(userId, StringComparison.Ordinal));
        var firstText = lines.FindIndex(l => l.Contains("message.part.updated", StringComparison.Ordinal) && l.Contains(userId, StringComparison.Ordinal)
            && l.Contains("\"type\":\"text\"", StringComparison.Ordinal));
        using var stop = new CancellationTokenSource();
        h.Journal.AppendAll(lines.Take(cut));
        var loop = h.Loop().RunAsync(OpenCodeSync.Delivery.LoopMode.Deliver, TimeSpan.FromSeconds(60), stop.Token);
        await Poll.Until(() => h.Server.Messages.Count > 0 && h.Db.PendingCount() == 0, TimeSpan.FromSeconds(30));
        await Assert.That(h.Server.FindMessage(userId)).IsNull();

        var started = System.Diagnostics.Stopwatch.StartNew();
        h.Journal.AppendAll(lines.Skip(cut).Take(firstText - cut + 1));
        await Poll.Until(() => h.Server.FindMessage(userId) is not null, TimeSpan.FromSeconds(10));
        var latency = started.Elapsed;
        await stop.CancelAsync();
        await Assert.ThrowsAsync<OperationCanceledException>(async () => await loop);

        Metrics.Report($"event appended → on server: {latency.TotalMilliseconds:F0} ms");
        await Assert.That(latency).IsLessThan(TimeSpan.FromSeconds(2));
    }
}
