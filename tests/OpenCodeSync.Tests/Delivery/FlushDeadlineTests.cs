using System.Diagnostics;
using OpenCodeSync.Cli;
using OpenCodeSync.Commands;
using OpenCodeSync.Delivery;
using OpenCodeSync.Hook;
using OpenCodeSync.Hosting;
using OpenCodeSync.State;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.Delivery;

/// <summary><c>flush --timeout</c> is a limit on the whole command, requests and their retries included.</summary>
public class FlushDeadlineTests
{
    [Test]
    public async Task A_backend_that_never_answers_is_given_up_on_at_the_limit_and_nothing_is_lost()
    {
        await using var h = await DeliveryHarness.StartAsync();
        // The production policy: 15 s per attempt, 4 retries with backoff — minutes, were the limit checked only between passes.
        using var user = new LoggedInHome(h, DeliveryHarness.FastOptions with { Http = OpenCodeSync.Http.HttpPolicy.Default });
        var lines = Fixtures.TextLines(Fixtures.Simple);
        await Assert.That(user.Hook(Fixtures.Simple)).IsEqualTo(0);
        h.Server.Faults.StallNext(1000, TimeSpan.FromMinutes(10));

        var console = new FakeConsole();
        var watch = Stopwatch.StartNew();
        var code = await new FlushCommand(user.Context(console)).RunAsync(timeout: 3);
        watch.Stop();

        await Assert.That(code).IsEqualTo(ExitCodes.BackendFailing).Because(console.All);
        await Assert.That(console.Stdout).Contains("Not everything is synced");
        // Well under one 15 s attempt: the limit cut the request itself.
        await Assert.That(watch.Elapsed).IsLessThan(TimeSpan.FromSeconds(10));
        using (var state = StateDb.Open(user.Home.Paths.StateDir))
            await Assert.That(state.PendingCount()).IsGreaterThan(0);

        h.Server.Faults.Clear();
        var again = new FakeConsole();
        await Assert.That(await new FlushCommand(user.Context(again)).RunAsync(timeout: 60)).IsEqualTo(ExitCodes.Ok).Because(again.All);
        await Assert.That(h.Actual()).IsEqualTo(h.ExpectedFor(lines));
        await Assert.That(h.Server.Requests.Where(r => r.Status == 200).Select(r => r.UserAgent ?? "").Distinct())
            .IsEquivalentTo([$"opencode-sync/{VersionCommand.Current().Version}"]);
    }
}
