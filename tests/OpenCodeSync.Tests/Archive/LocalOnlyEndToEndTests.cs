using OpenCodeSync.Archive;
using OpenCodeSync.Commands;
using OpenCodeSync.Config;
using OpenCodeSync.Delivery;
using OpenCodeSync.Hook;
using OpenCodeSync.Hosting;
using OpenCodeSync.Tests.Support;
using OpenCodeSync.Cli;

namespace OpenCodeSync.Tests.Archive;

/// <summary>
/// The published binary with nobody logged in: the hook wakes delivery, which archives locally and sends
/// nothing; <c>status</c> says so; a later <c>login</c> sends what was kept without any other command.
/// </summary>
public class LocalOnlyEndToEndTests
{
    [Test]
    public async Task Without_login_sessions_are_archived_and_a_later_login_delivers_them()
    {
        await using var h = await DeliveryHarness.StartAsync();
        using var home = new TestHome();
        var env = home.ProcessEnvironment();
        var lines = Fixtures.TextLines(Fixtures.Tool);
        var expected = h.ExpectedFor(lines);
        var archivePath = ArchiveDb.PathIn(home.Paths.DataDir);
        var messages = expected.Split('\n').Count(l => l.Contains("\"sessionExternalId\"", StringComparison.Ordinal));

        // As the plugin does: a burst of events per hook call.
        foreach (var burst in lines.Chunk(8))
        {
            var r = await PublishedBinary.RunAsync(["hook"], env, string.Join("\n", burst) + "\n");
            await Assert.That(r.ExitCode).IsEqualTo(0);
            await Assert.That(r.All).IsEmpty();
        }
        await Poll.Until(() => ArchivedMessages(archivePath) == messages && !DeliveryLock.IsHeld(home.Paths.StateDir),
            TimeSpan.FromSeconds(30), "the archive holds every message and delivery exited");

        var status = await PublishedBinary.RunAsync(["status"], env);
        await Assert.That(status.ExitCode).IsEqualTo(1);
        await Assert.That(status.Stdout).Contains("Local only — run `opencode-sync login` to sync");
        await Assert.That(status.Stdout).Contains($"Archive   1 session(s), {messages} message(s) in {archivePath}");
        await Assert.That(h.Server.Requests).IsEmpty();
        await Assert.That(File.Exists(home.Paths.LogFile) ? File.ReadAllText(home.Paths.LogFile) : "").DoesNotContain("WARN");

        var login = await PublishedBinary.RunAsync(["login", "--url", h.Server.BaseAddress.ToString(), "--api-key-stdin"], env, h.ApiKey + "\n");
        await Assert.That(login.ExitCode).IsEqualTo(0);
        await Assert.That(login.Stdout).Contains("recorded before this login in the background");
        await Poll.Until(() => h.Actual() == expected, TimeSpan.FromSeconds(30), "the server holds every archived record after login");
    }

    private static long ArchivedMessages(string path)
    {
        if (!File.Exists(path))
            return -1;
        try
        {
            using var file = new ArchiveFile(path);
            return file.Count("SELECT COUNT(*) FROM messages");
        }
        catch (OpenCodeSync.Sqlite.SqliteException)
        {
            return -1; // created but not yet laid out
        }
    }
}

/// <summary>A login while an offline delivery is still running (it lingers until idle) is not lost.</summary>
public class OfflineHandoverTests
{
    [Test]
    public async Task A_login_during_an_offline_delivery_is_picked_up_when_it_goes_idle()
    {
        await using var h = await DeliveryHarness.StartAsync();
        using var home = new TestHome();
        var lines = Fixtures.TextLines(Fixtures.Simple);
        var expected = h.ExpectedFor(lines);
        // Idle for 2 s before exiting: long enough to log in while it runs, whatever the machine's speed.
        var options = DeliveryHarness.FastOptions with { IdleExit = TimeSpan.FromSeconds(2) };
        CliContext Context(string stdin = "") => new(new FakeConsole(stdin), home.Env, new SystemClock())
        {
            WorkingDirectory = home.Project, Delivery = options, WakeDelivery = _ => WakeResult.Disabled,
        };
        await Assert.That(new HookCommand(Context(string.Join("\n", lines) + "\n")).Run()).IsEqualTo(0);

        var delivering = new DeliverCommand(Context()).RunAsync();
        await Poll.Until(() => DeliveryLock.IsHeld(home.Paths.StateDir), TimeSpan.FromSeconds(30), "the offline delivery runs");
        new ConfigStore(home.Paths).Save(new ConfigFile { ConvexUrl = h.Server.BaseAddress.ToString().TrimEnd('/'), ApiKey = h.ApiKey });
        await Assert.That(h.Server.Requests).IsEmpty();

        await Assert.That(await delivering).IsEqualTo(0);
        await Assert.That(h.Actual()).IsEqualTo(expected);
    }
}
