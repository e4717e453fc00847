using OpenCodeSync.Commands;
using OpenCodeSync.Hosting;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.Commands;

/// <summary>After an outage and a recovery, <c>status</c> and <c>logs</c> say what happened, and what is the state now.</summary>
public class StatusErrorHistoryTests
{
    [Test]
    public async Task An_error_before_the_last_success_is_shown_as_recovered_and_a_current_one_as_the_error()
    {
        await using var h = await DeliveryHarness.StartAsync();
        using var user = new LoggedInHome(h);
        async Task<string> Status()
        {
            var console = new FakeConsole();
            await new StatusCommand(user.Context(console)).RunAsync();
            return console.Stdout;
        }
        await Assert.That(user.Hook(Fixtures.Simple)).IsEqualTo(0);

        h.Server.Faults.FailNext(1000, 503, pathPrefix: "/sync/");
        await new FlushCommand(user.Context(new FakeConsole())).RunAsync(timeout: 2);
        var during = await Status();
        h.Server.Faults.Clear();
        await Assert.That(await new FlushCommand(user.Context(new FakeConsole())).RunAsync(timeout: 60)).IsEqualTo(ExitCodes.Ok);
        var after = await Status();

        // The same error, first as the state, then as history.
        var error = System.Text.RegularExpressions.Regex.Match(during, @"  Error     (.+) \(\d{4}-").Groups[1].Value;
        await Assert.That(error).IsNotEmpty().Because(during);
        await Assert.That(after).DoesNotContain("  Error     ");
        await Assert.That(after).Contains($"  Earlier   {error} (").And.Contains("before the last success: recovered");
    }

    [Test]
    public async Task Every_failed_attempt_is_in_the_log_with_its_record_and_next_try_and_repeats_are_counted()
    {
        await using var h = await DeliveryHarness.StartAsync();
        using var user = new LoggedInHome(h);
        foreach (var f in new[] { Fixtures.Simple, Fixtures.Tool, Fixtures.Bash })
            await Assert.That(user.Hook(f)).IsEqualTo(0);
        h.Server.Faults.FailNext(1000, 503, body: """{"error":"Service Unavailable: deploying"}""", pathPrefix: "/sync/");

        await new FlushCommand(user.Context(new FakeConsole())).RunAsync(timeout: 2);

        var log = await File.ReadAllTextAsync(user.Home.Paths.LogFile);
        var lines = log.Split('\n').Where(l => l.Contains(" deliver: ", StringComparison.Ordinal)).ToList();
        await Assert.That(lines.Any(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"session ses_\w+: .*; attempt 1, next try \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ"))).IsTrue().Because(log);
        await Assert.That(lines.Any(l => l.Contains("the same again ×", StringComparison.Ordinal))).IsTrue().Because(log);
        await Assert.That(log).DoesNotContain(h.ApiKey);
    }
}
