using OpenCodeSync.Commands;
using OpenCodeSync.Hosting;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.Delivery;

/// <summary>A delivery stopped right after the backend accepted a record still leaves the session's totals to send.</summary>
public class InterruptedDeliveryTests
{
    [Test]
    public async Task Cancelled_between_an_accepted_message_and_its_follow_up_the_next_run_still_sends_the_totals()
    {
        await using var h = await DeliveryHarness.StartAsync();
        using var user = new LoggedInHome(h);
        var lines = Fixtures.TextLines(Fixtures.Simple);
        var expected = h.ExpectedFor(lines);
        await Assert.That(user.Hook(Fixtures.Simple)).IsEqualTo(0);
        // The token probe reads the session before and after the first message with tokens: the read after it hangs,
        // so the cancel lands after the backend accepted the message and before anything else happened.
        h.Server.Faults.StallNext(1, TimeSpan.Zero, pathPrefix: "/api/sessions?");
        h.Server.Faults.StallNext(1, TimeSpan.FromMinutes(10), pathPrefix: "/api/sessions?");

        using var cts = new CancellationTokenSource();
        var first = new FlushCommand(user.Context(new FakeConsole())).RunAsync(timeout: 60, cancellationToken: cts.Token);
        await Poll.Until(() => h.Server.Faults.Pending.Count == 0, TimeSpan.FromSeconds(30), "the probe's second read to hang");
        await cts.CancelAsync();
        try
        {
            await first;
        }
        catch (OperationCanceledException)
        {
            // how an interrupted flush ends in-process (the binary turns it into exit 130)
        }

        var console = new FakeConsole();
        var code = await new FlushCommand(user.Context(console)).RunAsync(timeout: 60);

        await Assert.That(code).IsEqualTo(ExitCodes.Ok).Because(console.All);
        await Assert.That(console.Stdout).Contains("Everything is synced.");
        // "Everything is synced" is true of what the backend holds: the session's totals included.
        await Assert.That(h.Actual()).IsEqualTo(expected);
    }
}
