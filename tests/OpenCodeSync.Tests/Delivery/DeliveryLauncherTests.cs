using OpenCodeSync.Delivery;
using OpenCodeSync.Hosting;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.Delivery;

public class DeliveryLauncherTests
{
    private sealed class Recorder
    {
        public List<(string Exe, IReadOnlyList<string> Args)> Starts { get; } = [];

        public int Start(string exe, IReadOnlyList<string> args)
        {
            Starts.Add((exe, args));
            return 1;
        }
    }

    private static DeliveryLauncher Launcher(TestHome home, Recorder recorder) =>
        new(home.Env, home.Paths, recorder.Start, "/opt/opencode-sync");

    [Test]
    public async Task Logged_in_and_idle_starts_deliver()
    {
        using var home = new TestHome();
        Directory.CreateDirectory(home.Paths.ConfigDir);
        File.WriteAllText(home.ConfigFile, """{"convexUrl":"https://x.convex.site","apiKey":"osk_abcdefgh12345"}""");
        var recorder = new Recorder();

        await Assert.That(Launcher(home, recorder).WakeIfIdle()).IsEqualTo(WakeResult.Started);
        await Assert.That(recorder.Starts.Single().Exe).IsEqualTo("/opt/opencode-sync");
        await Assert.That(recorder.Starts.Single().Args).IsEquivalentTo(new[] { "deliver" });
    }

    [Test]
    public async Task A_running_delivery_is_not_started_again()
    {
        using var home = new TestHome();
        home.Env.Vars[EnvVars.ApiKey] = "osk_abcdefgh12345";
        var recorder = new Recorder();
        using var running = DeliveryLock.TryAcquire(home.Paths.StateDir);

        await Assert.That(running).IsNotNull();
        await Assert.That(Launcher(home, recorder).WakeIfIdle()).IsEqualTo(WakeResult.AlreadyRunning);
        running!.Release();
        await Assert.That(Launcher(home, recorder).WakeIfIdle()).IsEqualTo(WakeResult.Started);
    }

    [Test]
    public async Task Not_logged_in_still_starts_deliver_to_fill_the_local_archive()
    {
        using var home = new TestHome();
        var recorder = new Recorder();

        await Assert.That(Launcher(home, recorder).WakeIfIdle()).IsEqualTo(WakeResult.Started);
        await Assert.That(recorder.Starts).Count().IsEqualTo(1);
    }

    [Test]
    public async Task No_wake_disables_starting()
    {
        using var home = new TestHome();
        home.Env.Vars[EnvVars.ApiKey] = "osk_abcdefgh12345";
        home.Env.Vars[EnvVars.NoWake] = "1";
        var recorder = new Recorder();

        await Assert.That(Launcher(home, recorder).WakeIfIdle()).IsEqualTo(WakeResult.Disabled);
        await Assert.That(recorder.Starts).IsEmpty();
    }

    [Test]
    public async Task The_delivery_lock_admits_one_holder_at_a_time()
    {
        using var dir = new TempDir();
        using var first = DeliveryLock.TryAcquire(dir.Path);
        using var second = DeliveryLock.TryAcquire(dir.Path);

        await Assert.That(first).IsNotNull();
        await Assert.That(second).IsNull();
        await Assert.That(DeliveryLock.IsHeld(dir.Path)).IsTrue();
        first!.Release();
        await Assert.That(DeliveryLock.IsHeld(dir.Path)).IsFalse();
    }
}
