using OpenCodeSync.Archive;
using OpenCodeSync.Delivery;
using OpenCodeSync.Tests.Support;
using OpenSync.ContractServer;
using Server = OpenSync.ContractServer.ContractServer;

namespace OpenCodeSync.Tests.History;

/// <summary>
/// Sessions that reach the backend by another way than live delivery — <c>sync --all</c> from opencode.db or the
/// older JSON tree, or archived while nobody was logged in and sent by <c>flush</c> after login — must end up as
/// exact as live ones: token totals the sums over the assistant messages, <c>createdAt</c> the session's own, every
/// message as recorded, no session auto-created by a message. Both kinds of backend: today's (session totals only
/// from session upserts) and the older one that adds each new message's tokens to its session.
/// </summary>
public class BackfillExactnessTests
{
    private static readonly string[] Recorded = [Fixtures.Simple, Fixtures.Tool, Fixtures.Reason, Fixtures.Bash];

    private static readonly List<string> Lines = [.. Recorded.SelectMany(HookStream.Relevant)];

    private static readonly BackendState Expected = BackendState.Expected(Lines);

    private static readonly string[] WriteRoutes = ["POST /sync/session", "POST /sync/message", "POST /sync/batch"];

    private static string DataDir(TestHome home) => Path.Combine(home.Home, ".local", "share", "opencode");

    private static Task<Server> StartAsync(bool legacyBackend) =>
        Server.StartAsync(new ContractServerOptions { SumMessageTokensIntoSession = legacyBackend });

    private static string Backend(bool legacyBackend) => legacyBackend ? "backend summing message tokens" : "today's backend";

    [Test]
    [Arguments(false)]
    [Arguments(true)]
    public async Task Sync_all_of_opencode_db_sends_exact_sessions_and_a_second_run_sends_nothing(bool legacyBackend)
    {
        await using var server = await StartAsync(legacyBackend);
        using var home = new TestHome();
        OpenCodeHistory.WriteDb(Path.Combine(DataDir(home), "opencode.db"), Folding.Fold(Lines));

        await SyncAllTwiceAsync(home, server, $"opencode.db, {Backend(legacyBackend)}");
    }

    [Test]
    [Arguments(false)]
    [Arguments(true)]
    public async Task Sync_all_of_the_legacy_json_tree_sends_exact_sessions_and_a_second_run_sends_nothing(bool legacyBackend)
    {
        await using var server = await StartAsync(legacyBackend);
        using var home = new TestHome();
        OpenCodeHistory.WriteLegacy(Path.Combine(DataDir(home), "storage"), Folding.Fold(Lines));

        await SyncAllTwiceAsync(home, server, $"JSON tree, {Backend(legacyBackend)}");
    }

    [Test]
    [Arguments(false)]
    [Arguments(true)]
    public async Task Sessions_archived_before_login_are_exact_on_the_backend_after_flush(bool legacyBackend)
    {
        await using var server = await StartAsync(legacyBackend);
        using var home = new TestHome();
        var streams = Recorded.Select(f => (IReadOnlyList<string>)HookStream.Relevant(f)).ToList();
        var messages = Expected.Fields.Count(f => f.Value == "message");
        var archive = ArchiveDb.PathIn(home.Paths.DataDir);

        // Not logged in: the hooks' delivery only archives.
        await HookStream.RunHooksAsync(HookStream.Interleave(streams), HookStream.Env(home, server: null));
        await Poll.Until(() => ArchivedMessages(archive) == messages && !DeliveryLock.IsHeld(home.Paths.StateDir),
            TimeSpan.FromSeconds(60), $"the archive holds all {messages} messages and the local delivery exited");
        await Assert.That(server.Requests).IsEmpty();

        // Logged in (URL and key in the environment): flush sends what was kept.
        await HookStream.FlushAsync(home, HookStream.Env(home, server));

        await Assert.That(BackendState.Capture(server).Mismatch($"archived then flushed, {Backend(legacyBackend)}", Expected)).IsNull();
    }

    private static async Task SyncAllTwiceAsync(TestHome home, Server server, string label)
    {
        var env = HookStream.Env(home, server);

        var first = await PublishedBinary.RunAsync(["sync", "--all"], env, timeout: TimeSpan.FromSeconds(120));

        await Assert.That(first.ExitCode).IsEqualTo(0).Because(first.All);
        await Assert.That(BackendState.Capture(server).Mismatch(label, Expected)).IsNull();

        var writes = Writes(server);
        var second = await PublishedBinary.RunAsync(["sync", "--all"], env, timeout: TimeSpan.FromSeconds(120));

        await Assert.That(second.ExitCode).IsEqualTo(0).Because(second.All);
        await Assert.That(Writes(server)).IsEqualTo(writes).Because($"{label}: a second `sync --all` must send nothing ({second.All.Trim()})");
        await Assert.That(BackendState.Capture(server).Mismatch(label + ", after the second run", Expected)).IsNull();
    }

    private static string Writes(Server server) =>
        string.Join(", ", WriteRoutes.Select(r => $"{r}={server.RouteCounts.GetValueOrDefault(r)}"));

    private static long ArchivedMessages(string path)
    {
        if (!File.Exists(path))
            return -1;
        try
        {
            using var file = new Archive.ArchiveFile(path);
            return file.Count("SELECT COUNT(*) FROM messages");
        }
        catch (OpenCodeSync.Sqlite.SqliteException)
        {
            return -1; // created but not yet laid out
        }
    }
}
