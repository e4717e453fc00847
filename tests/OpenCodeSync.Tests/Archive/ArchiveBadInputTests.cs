using OpenCodeSync.Archive;
using OpenCodeSync.Commands;
using OpenCodeSync.Hosting;
using OpenCodeSync.Tests.Support;
using static OpenCodeSync.Tests.Archive.ArchiveKit;
using OpenCodeSync.Cli;
using OpenCodeSync.Sqlite;

namespace OpenCodeSync.Tests.Archive;

public class ArchiveBadInputTests
{
    public static IEnumerable<Func<Func<CliContext, int>>> EveryCommand() =>
    [
        () => c => new SessionsCommand(c).Run(),
        () => c => new ShowCommand(c).Run("ses_x"),
        () => c => new SearchCommand(c).Run("hello"),
        () => c => new ExportCommand(c).Run(all: true, @out: "x"),
        () => c => new StatsCommand(c).Run(),
    ];

    [Test]
    [MethodDataSource(nameof(EveryCommand))]
    public async Task Without_an_archive_every_command_says_how_it_fills(Func<CliContext, int> command)
    {
        using var home = new TestHome();
        var (code, console) = Run(home, command);

        await Assert.That(code).IsEqualTo(1);
        await Assert.That(console.Stderr).Contains("no local archive yet");
        await Assert.That(console.Stderr).Contains("opencode-sync sync");
        await Assert.That(console.Stderr.Trim().Split('\n').Length).IsEqualTo(1);
        await Assert.That(console.Stdout).IsEqualTo("");
    }

    [Test]
    public async Task An_unknown_id_suggests_close_matches()
    {
        using var home = Home();
        // One typo in the middle of a real prefix.
        var (code, console) = Run(home, c => new ShowCommand(c).Run("ses_dee9fXc80ffe"));

        await Assert.That(code).IsEqualTo(1);
        await Assert.That(console.Stderr).Contains("no session 'ses_dee9fXc80ffe' in the archive; did you mean " + ToolSession);
        await Assert.That(console.Stderr.Trim().Split('\n').Length).IsEqualTo(1);
    }

    [Test]
    public async Task An_unknown_id_far_from_all_points_to_sessions()
    {
        using var home = Home();
        var (code, console) = Run(home, c => new ShowCommand(c).Run("zzzzzzzz"));

        await Assert.That(code).IsEqualTo(1);
        await Assert.That(console.Stderr).Contains("'opencode-sync sessions' lists them");
    }

    [Test]
    public async Task An_ambiguous_prefix_lists_the_candidates()
    {
        using var home = Home();
        var (code, console) = Run(home, c => new ShowCommand(c).Run("ses_deab"));

        await Assert.That(code).IsEqualTo(1);
        await Assert.That(console.Stderr).Contains("'ses_deab' matches 3 sessions: ");
        await Assert.That(console.Stderr).Contains(BashSession);
        await Assert.That(console.Stdout).IsEqualTo("");
    }

    [Test]
    public async Task An_archive_from_a_newer_version_is_read_with_a_one_line_note()
    {
        using var home = Home();
        using (var db = SqliteDb.Open(ArchiveDb.PathIn(home.Paths.DataDir)))
            db.Exec($"PRAGMA user_version = {ArchiveSchema.Version + 1}");

        var (code, console) = Run(home, c => new SessionsCommand(c).Run());

        await Assert.That(code).IsEqualTo(0);
        await Assert.That(console.Stdout).Contains("Mock session title");
        await Assert.That(console.Stderr.Trim().Split('\n').Length).IsEqualTo(1);
        await Assert.That(console.Stderr).Contains("newer opencode-sync");
    }

    [Test]
    public async Task A_file_that_is_not_an_archive_is_one_line_exit_74()
    {
        using var home = new TestHome();
        Directory.CreateDirectory(home.Paths.DataDir);
        await File.WriteAllTextAsync(ArchiveDb.PathIn(home.Paths.DataDir), new string('x', 4096));

        var (code, console) = Run(home, c => new SessionsCommand(c).Run());

        await Assert.That(code).IsEqualTo(74);
        await Assert.That(console.Stderr).Contains("cannot read");
        await Assert.That(console.Stderr.Trim().Split('\n').Length).IsEqualTo(1);
    }
}
