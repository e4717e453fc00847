using System.Text;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.Hook;

public class HookBadInputTests
{
    public static IEnumerable<Func<(string Name, string Input, string Expect)>> BadInputs()
    {
        yield return () => ("garbage", "hello, this is not an event", "rejected event");
        yield return () => ("empty", "", "no event on stdin");
        yield return () => ("truncated", """{"id":"evt_1","type":"message.updated","properties":{"sessionID":"ses_1","info":{"id":""", "rejected event");
        yield return () => ("10 MB line", "{\"type\":\"message.part.updated\",\"properties\":" + new string('x', 10 << 20), "rejected event");
        yield return () => ("binary junk", Encoding.Latin1.GetString(Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251)).ToArray()), "rejected");
        yield return () => ("a JSON array", """[{"type":"session.idle"}]""", "rejected event");
    }

    [Test]
    [MethodDataSource(nameof(BadInputs))]
    public async Task Bad_input_exits_0_silently_with_one_clear_log_line((string Name, string Input, string Expect) c)
    {
        using var run = new HookRun();

        var r = await run.Hook(c.Input);

        await Assert.That(r.ExitCode).IsEqualTo(0);
        await Assert.That(r.Stdout).IsEqualTo("");
        await Assert.That(r.Stderr).IsEqualTo("");
        var log = run.LogLines();
        await Assert.That(log.Length).IsEqualTo(1);
        await Assert.That(log[0]).Contains(c.Expect);
        await Assert.That(log[0]).Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z WARN  hook: ");
        await Assert.That(log[0].Length).IsLessThan(600); // a prefix of the input, never all of it
        await Assert.That(run.JournalEvents()).IsEmpty();
    }

    [Test]
    public async Task Good_events_around_a_bad_line_are_kept()
    {
        using var run = new HookRun();
        var good = """{"id":"evt_1","type":"session.idle","properties":{"sessionID":"ses_1"}}""";

        var r = await run.Hook($"{good}\nnot json\n{good.Replace("evt_1", "evt_2", StringComparison.Ordinal)}\n");

        await Assert.That(r.All).IsEqualTo("");
        await Assert.That(run.JournalEvents().Count).IsEqualTo(2);
        await Assert.That(run.LogLines().Single()).Contains("rejected event");
    }

    [Test]
    public async Task An_unwritable_state_dir_still_exits_0_with_one_stderr_line()
    {
        using var run = new HookRun();
        var env = run.Env();
        var blocker = Path.Combine(run.Home.Home, "not-a-dir");
        await File.WriteAllTextAsync(blocker, "a file where the state directory should be");
        env["XDG_STATE_HOME"] = blocker; // even root cannot create a directory inside a file

        var r = await PublishedBinary.RunAsync(["hook"], env, """{"id":"evt_1","type":"session.idle","properties":{"sessionID":"ses_1"}}""");

        await Assert.That(r.ExitCode).IsEqualTo(0);
        await Assert.That(r.Stdout).IsEqualTo("");
        await Assert.That(r.Stderr.TrimEnd('\n').Split('\n').Length).IsEqualTo(1);
        await Assert.That(r.Stderr).Contains("cannot record 1 event(s)");
        await Assert.That(r.Stderr).DoesNotContain("   at ");
    }

    [Test]
    public async Task Logs_shows_the_rejection()
    {
        using var run = new HookRun();
        await run.Hook("definitely not json");

        var logs = await PublishedBinary.RunAsync(["logs"], run.Env());
        var path = await PublishedBinary.RunAsync(["logs", "--path"], run.Env());

        await Assert.That(logs.ExitCode).IsEqualTo(0);
        await Assert.That(logs.Stdout).Contains("rejected event");
        await Assert.That(logs.Stdout).Contains("\"definitely not json\"");
        await Assert.That(path.Stdout.Trim()).IsEqualTo(run.LogPath);
    }

    [Test]
    public async Task A_deleted_working_directory_does_not_stop_the_hook()
    {
        using var run = new HookRun();
        var gone = Path.Combine(run.Home.Home, "deleted-project");
        Directory.CreateDirectory(gone);
        var line = Fixtures.TextLines(Fixtures.Simple)[0];
        var input = Path.Combine(run.Home.Home, "event.json");
        await File.WriteAllTextAsync(input, line);
        var env = run.Env();
        env["OCS_BIN"] = PublishedBinary.Path;

        // OpenCode may run in a directory removed meanwhile: getcwd then fails inside the hook process.
        var r = await Shell.RunAsync("/bin/sh", ["-c", $"cd '{gone}' && rmdir '{gone}' && exec \"$OCS_BIN\" hook < '{input}'"], env);

        await Assert.That(r.All).IsEqualTo("");
        await Assert.That(r.ExitCode).IsEqualTo(0);
        await Assert.That(run.JournalEvents()).IsEquivalentTo(new[] { line });
    }
}
