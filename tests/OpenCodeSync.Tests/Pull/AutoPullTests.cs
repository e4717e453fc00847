using OpenCodeSync.Archive;
using OpenCodeSync.Cli;
using OpenCodeSync.Commands;
using OpenCodeSync.Config;
using OpenCodeSync.Delivery;
using OpenCodeSync.Hook;
using OpenCodeSync.Hosting;
using OpenCodeSync.Tests.ContractServer;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.Pull;

/// <summary><c>pull.auto</c>: the background delivery pulls after it has sent, at most every <c>pull.interval</c>.</summary>
public class AutoPullTests
{
    private static async Task<(DeliveryHarness Backend, TestHome Home)> Machines(string? auto)
    {
        var h = await DeliveryHarness.StartAsync();
        using (var client = h.Server.CreateClient())
        {
            await Wire.Post(client, "sync/session", """{"externalId":"ses_laptop_1","title":"Laptop session"}""");
            await Wire.Post(client, "sync/message", """{"sessionExternalId":"ses_laptop_1","externalId":"msg_laptop_1","role":"user","textContent":"from the laptop"}""");
        }
        var home = new TestHome();
        var settings = auto is null ? null : new Dictionary<string, string> { [Settings.PullAuto] = auto };
        new ConfigStore(home.Paths).Save(new ConfigFile { ConvexUrl = h.Server.BaseAddress.ToString().TrimEnd('/'), ApiKey = h.ApiKey, Settings = settings });
        return (h, home);
    }

    /// <summary>One hook event from this machine, then the background delivery it would start, run to its end.</summary>
    private static async Task<int> HookThenDeliver(TestHome home, string fixture)
    {
        CliContext Context(string stdin = "") => new(new FakeConsole(stdin), home.Env, new SystemClock())
        {
            WorkingDirectory = home.Project, Delivery = DeliveryHarness.FastOptions, WakeDelivery = _ => WakeResult.Disabled,
        };
        var lines = Fixtures.TextLines(fixture);
        await Assert.That(new HookCommand(Context(string.Join("\n", lines) + "\n")).Run()).IsEqualTo(0);
        return await new DeliverCommand(Context()).RunAsync();
    }

    private static List<string> Pulled(TestHome home)
    {
        using var archive = ArchiveDb.Open(home.Paths.DataDir);
        return [.. archive.ListSessions(new SessionFilter(Origin: Origins.Pulled), 10, configured: true).Select(s => s.Id)];
    }

    [Test]
    public async Task On_a_delivery_run_pulls_after_sending_and_not_again_within_the_interval()
    {
        var (h, home) = await Machines("on");
        await using var _ = h;
        using var __ = home;

        await Assert.That(await HookThenDeliver(home, Fixtures.Simple)).IsEqualTo(0);
        await Assert.That(Pulled(home)).IsEquivalentTo(["ses_laptop_1"]);
        // This machine's own session went up and did not come back down as a pulled copy.
        await Assert.That(h.Server.Sessions.Count).IsEqualTo(2);
        using (var client = h.Server.CreateClient())
            await Wire.Post(client, "sync/session", """{"externalId":"ses_laptop_2","title":"Later on the laptop"}""");

        await Assert.That(await HookThenDeliver(home, Fixtures.Tool)).IsEqualTo(0);
        // Within the interval: the laptop's newer session waits for the next due pull.
        await Assert.That(Pulled(home)).IsEquivalentTo(["ses_laptop_1"]);
        var console = new FakeConsole();
        await new StatusCommand(home.Context(console)).RunAsync();
        await Assert.That(console.Stdout).Contains("1 session(s) came down in the last pull");
    }

    [Test]
    [Arguments(null)]
    [Arguments("off")]
    public async Task Off_by_default_a_delivery_run_never_reads_the_backends_sessions(string? setting)
    {
        var (h, home) = await Machines(setting);
        await using var _ = h;
        using var __ = home;

        await Assert.That(await HookThenDeliver(home, Fixtures.Simple)).IsEqualTo(0);

        await Assert.That(h.Server.Sessions.Count).IsEqualTo(2);
        await Assert.That(h.Server.Requests.Count(r => r.Path == "/api/sessions/get")).IsEqualTo(0);
        await Assert.That(Pulled(home)).IsEmpty();
    }

    [Test]
    public async Task The_interval_is_minutes_within_bounds()
    {
        await Assert.That(Settings.Minutes("30")).IsEqualTo(30);
        await Assert.That(Settings.Minutes("15m")).IsEqualTo(15);
        await Assert.That(Settings.Minutes("4")).IsNull();
        await Assert.That(Settings.Minutes("1441")).IsNull();
        await Assert.That(Settings.Find(Settings.PullInterval)!.Validate("soon")).Contains("not a number of minutes from 5 to 1440");
    }
}
