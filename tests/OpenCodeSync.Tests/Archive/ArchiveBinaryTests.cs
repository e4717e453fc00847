using System.Text.Json;
using OpenCodeSync.Tests.Support;
using static OpenCodeSync.Tests.Archive.ArchiveKit;

namespace OpenCodeSync.Tests.Archive;

/// <summary>The read commands in the published NativeAOT binary: trimming must keep their JSON and SQL working.</summary>
public class ArchiveBinaryTests
{
    [Test]
    public async Task Sessions_search_show_stats_and_export_work_in_the_native_binary()
    {
        using var home = Home();
        var env = home.ProcessEnvironment();

        var sessions = await PublishedBinary.RunAsync(["sessions", "--json"], env);
        var search = await PublishedBinary.RunAsync(["search", "successfully"], env);
        var show = await PublishedBinary.RunAsync(["show", "dee9f", "--markdown"], env);
        var stats = await PublishedBinary.RunAsync(["stats", "--by", "model", "--json"], env);
        var outDir = Path.Combine(home.Home, "export");
        var export = await PublishedBinary.RunAsync(["export", ToolSession, "--format", "json", "--out", outDir], env);

        await Assert.That(sessions.ExitCode).IsEqualTo(0);
        using (var doc = JsonDocument.Parse(sessions.Stdout))
            await Assert.That(doc.RootElement.GetArrayLength()).IsEqualTo(5);
        await Assert.That(search.ExitCode).IsEqualTo(0);
        await Assert.That(search.Stdout).Contains("«successfully»");
        await Assert.That(show.ExitCode).IsEqualTo(0);
        await Assert.That(show.Stdout).Contains("**Tool `write`**");
        await Assert.That(stats.ExitCode).IsEqualTo(0);
        using (var doc = JsonDocument.Parse(stats.Stdout))
            await Assert.That(doc.RootElement.GetProperty("total").GetProperty("messages").GetInt32()).IsEqualTo(17);
        await Assert.That(export.ExitCode).IsEqualTo(0);
        using (var doc = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, ToolSession + ".json"))))
            await Assert.That(doc.RootElement.GetProperty("session").GetProperty("externalId").GetString()).IsEqualTo(ToolSession);
    }

    [Test]
    public async Task Bad_input_is_one_line_with_the_documented_exit_codes()
    {
        using var home = Home();
        var env = home.ProcessEnvironment();

        var badQuery = await PublishedBinary.RunAsync(["search", "foo\""], env);
        var unknown = await PublishedBinary.RunAsync(["show", "ses_nothing"], env);
        using var empty = new TestHome();
        var none = await PublishedBinary.RunAsync(["stats"], empty.ProcessEnvironment());

        await Assert.That(badQuery.ExitCode).IsEqualTo(64);
        await Assert.That(badQuery.Stderr).StartsWith("opencode-sync search: bad query 'foo\"': ");
        await Assert.That(unknown.ExitCode).IsEqualTo(1);
        await Assert.That(none.ExitCode).IsEqualTo(1);
        await Assert.That(none.Stderr).Contains("no local archive yet");
        foreach (var r in new[] { badQuery, unknown, none })
        {
            await Assert.That(r.Stderr.Trim().Split('\n').Length).IsEqualTo(1);
            await Assert.That(r.All).DoesNotContain("   at ");
        }
    }

    [Test]
    public async Task A_failure_inside_a_read_command_is_one_line_and_exit_74()
    {
        // The read commands run without the error filter: ArchiveReader turns what they throw into the message.
        using var home = Home();
        var file = Path.Combine(home.Home, "a-file");
        await File.WriteAllTextAsync(file, "not a directory");

        var r = await PublishedBinary.RunAsync(["export", "--all", "--out", Path.Combine(file, "out")], home.ProcessEnvironment());

        await AssertOneLineFailure(r, "opencode-sync export: ");
    }

    [Test]
    public async Task Output_that_cannot_be_written_is_one_line_and_exit_74()
    {
        using var home = Home();
        // Standard output closed: every write fails (EBADF).
        var r = await PublishedBinary.RunShellAsync("exec \"$0\" sessions >&-", home.ProcessEnvironment());

        await AssertOneLineFailure(r, "opencode-sync sessions: cannot write to standard output");
    }

    private static async Task AssertOneLineFailure(ProcessResult r, string start)
    {
        await Assert.That(r.ExitCode).IsEqualTo(74);
        await Assert.That(r.Stderr).StartsWith(start);
        await Assert.That(r.Stderr.Trim().Split('\n').Length).IsEqualTo(1);
        await Assert.That(r.All).DoesNotContain("   at ");
    }

    [Test]
    public async Task Output_to_a_reader_that_went_away_ends_quietly()
    {
        using var home = Home();
        // The reader closes its end at once, long before the binary has started: its write gets EPIPE.
        var r = await PublishedBinary.RunShellAsync("{ \"$0\" sessions; echo \"exit $?\" >&2; } | { exec 0<&-; }", home.ProcessEnvironment());

        await Assert.That(r.Stderr.Trim()).IsEqualTo("exit 0");
    }

    [Test]
    public async Task Help_lists_the_archive_commands()
    {
        using var home = new TestHome();
        var r = await PublishedBinary.RunAsync(["--help"], home.ProcessEnvironment());

        foreach (var command in new[] { "sessions", "show", "search", "export", "stats" })
            await Assert.That(r.Stdout).Contains($"  {command} ");
    }
}
