using System.Diagnostics;
using System.Text.Json.Nodes;
using TUnit.Core.Interfaces;
using OpenCodeSync.Tests.Support;
using OpenSync.ContractServer;
using Server = OpenSync.ContractServer.ContractServer;

namespace OpenCodeSync.Tests.Delivery;

/// <summary>
/// Every OpenCode event is its own <c>hook</c> process, so events can reach the journal in any order (and several
/// at once). Whatever the order, the backend must end up holding the same records — and those must be the exact
/// records of the events: each session created at its own <c>time.created</c> (never auto-created by a message that
/// went first, which would stamp it with the delivery time), its token totals the sums over its assistant messages.
/// The streams are the recorded Simple, Tool, Reason and Bash sessions, interleaved round robin ("in order"), then
/// shuffled with fixed seeds; the backend behaves like today's OpenSync (it never sums message tokens into the
/// session) unless a test says otherwise.
/// </summary>
/// <remarks>
/// A run is mostly waiting (send windows, the background deliver's idle exit), so up to four runs share the machine:
/// the class then takes about a minute instead of two and a half on two cores.
/// </remarks>
[ParallelLimiter<ArrivalOrderTests.FourRunsAtATime>]
public class ArrivalOrderTests
{
    public sealed class FourRunsAtATime : IParallelLimit
    {
        public int Limit => 4;
    }

    private static readonly List<string> InOrder = HookStream.Interleave(
        [HookStream.Relevant(Fixtures.Simple), HookStream.Relevant(Fixtures.Tool), HookStream.Relevant(Fixtures.Reason), HookStream.Relevant(Fixtures.Bash)]);

    private static readonly BackendState Expected = BackendState.Expected(InOrder);

    /// <summary>The in-order run on today's backend, shared: the reference every shuffled run must equal.</summary>
    private static readonly Lazy<Task<BackendState>> InOrderToday = new(() => RunAsync("in order", InOrder, concurrency: 1, legacyBackend: false));

    [Test]
    public async Task In_order_the_backend_holds_exactly_the_records_of_the_events()
    {
        // Not a vacuous comparison: four sessions, each with messages and tokens to sum.
        var sessions = Expected.Fields.Where(f => f.Value == "session").Select(f => f.Key).ToList();
        await Assert.That(sessions).Count().IsEqualTo(4);
        foreach (var sid in sessions)
        {
            await Assert.That(Expected[sid + ".promptTokens"]).IsNotEqualTo("0");
            await Assert.That(Expected[sid + ".completionTokens"]).IsNotEqualTo("0");
            await Assert.That(Expected[sid + ".createdAt"]).IsNotEqualTo(BackendState.Absent);
        }

        var state = await InOrderToday.Value;

        await Assert.That(state.Mismatch("in order", Expected)).IsNull();
    }

    [Test]
    [Arguments(1)]
    [Arguments(2)]
    [Arguments(3)]
    [Arguments(4)]
    public async Task Events_in_a_shuffled_order_give_the_in_order_state(int seed)
    {
        var order = Folding.Shuffled(InOrder, seed);
        // The order is a real test: some session's messages come before its info.
        await Assert.That(FirstInfoAt(order).Any(x => x.MessageEventsBefore > 0)).IsTrue();
        var reference = await InOrderToday.Value;

        var state = await RunAsync($"seed {seed}", order, concurrency: 1, legacyBackend: false);

        await Assert.That(state.Mismatch($"seed {seed}", reference)).IsNull();
    }

    [Test]
    [Arguments(67)]
    [Arguments(97)]
    public async Task Eight_hooks_at_a_time_in_a_shuffled_order_give_the_in_order_state(int seed)
    {
        var order = Folding.Shuffled(InOrder, seed);
        // Seeds picked so that one session's first info event comes after more than half of the stream: eight hooks at
        // a time finish the stream within a second or so, and an earlier gap could close before delivery folds it.
        await Assert.That(FirstInfoAt(order).Max(x => x.Index)).IsGreaterThan(InOrder.Count / 2);
        var reference = await InOrderToday.Value;

        var state = await RunAsync($"seed {seed}, 8 concurrent", order, concurrency: 8, legacyBackend: false);

        await Assert.That(state.Mismatch($"seed {seed} (8 concurrent hooks)", reference)).IsNull();
    }

    [Test]
    public async Task A_backend_that_sums_message_tokens_into_sessions_ends_with_the_same_exact_totals()
    {
        var inOrder = await RunAsync("legacy backend, in order", InOrder, concurrency: 1, legacyBackend: true);
        var shuffled = await RunAsync("legacy backend, seed 5", Folding.Shuffled(InOrder, 5), concurrency: 1, legacyBackend: true);

        await Assert.That(inOrder.Mismatch("legacy backend, in order", Expected)).IsNull();
        await Assert.That(shuffled.Mismatch("legacy backend, seed 5", Expected)).IsNull();
    }

    /// <summary>Per session: where its first session.created/updated is in <paramref name="order"/>, and how many of its message events precede it.</summary>
    private static List<(string Session, int Index, int MessageEventsBefore)> FirstInfoAt(IReadOnlyList<string> order)
    {
        var events = order.Select((line, i) => (Node: JsonNode.Parse(line)!, Index: i)).ToList();
        return [.. events.GroupBy(e => (string)e.Node["properties"]!["sessionID"]!).Select(g =>
        {
            var first = g.First(e => (string?)e.Node["type"] is "session.created" or "session.updated").Index;
            return (g.Key, first, g.Count(e => e.Index < first && ((string)e.Node["type"]!).StartsWith("message.", StringComparison.Ordinal)));
        })];
    }

    /// <summary>A fresh user and backend; every event through its own hook; delivered to the end; the backend's state.</summary>
    private static async Task<BackendState> RunAsync(string label, IReadOnlyList<string> events, int concurrency, bool legacyBackend)
    {
        await using var server = await Server.StartAsync(new ContractServerOptions { SumMessageTokensIntoSession = legacyBackend });
        using var home = new TestHome();
        var env = HookStream.Env(home, server);
        var started = Stopwatch.StartNew();

        await HookStream.RunHooksAsync(events, env, concurrency);
        var hooks = started.Elapsed;
        await HookStream.DeliverAllAsync(home, env);

        Metrics.Report($"arrival order ({label}): {events.Count} hooks {hooks.TotalSeconds:F1} s, delivered after {started.Elapsed.TotalSeconds:F1} s, " +
                       $"{server.Requests.Count} requests, {server.SkippedUpdates.Count} skipped updates");
        return BackendState.Capture(server);
    }
}
