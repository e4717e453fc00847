using OpenCodeSync.Archive;
using OpenCodeSync.Hosting;
using OpenCodeSync.Sync;
using OpenCodeSync.Tests.Support;
using OpenCodeSync.Cli;

namespace OpenCodeSync.Tests.Archive;

/// <summary>Archives filled from the recorded fixtures, and read commands run against them.</summary>
public static class ArchiveKit
{
    public static readonly string[] AllFixtures = [Fixtures.Simple, Fixtures.Tool, Fixtures.Reason, Fixtures.Multi, Fixtures.Bash];

    public const string ToolSession = "ses_dee9fec80ffeSS5igeCPRa12Lm";
    public const string BashSession = "ses_deabe107bffeuzLrMxi2TAIXkJ";
    public const string SimpleSession = "ses_df061e6c5ffemnzlwh4ODdJHdN";

    /// <summary>The records the production builder makes of a fixture's sessions (what delivery archives).</summary>
    public static List<SessionRecords> Records(string fixture)
    {
        var fold = Folding.Fold(Fixtures.Lines(fixture));
        return [.. fold.Store.SessionIds.Select(id => SessionRecords.Build(fold.Snapshot(id)))];
    }

    /// <summary>A user whose archive holds every fixture's sessions (or the given ones).</summary>
    public static TestHome Home(params string[] fixtures)
    {
        var home = new TestHome();
        Fill(home, fixtures.Length == 0 ? AllFixtures : fixtures);
        return home;
    }

    public static void Fill(TestHome home, IEnumerable<string> fixtures)
    {
        using var db = ArchiveDb.Open(home.Paths.DataDir);
        foreach (var f in fixtures)
        {
            foreach (var r in Records(f))
                db.Save(r);
        }
    }

    /// <summary>Runs a command on a fake console (not a terminal unless asked) and returns its exit code and output.</summary>
    public static (int Code, FakeConsole Console) Run(TestHome home, Func<CliContext, int> command, bool terminal = false, int? width = null)
    {
        var console = new FakeConsole(terminal: terminal) { Width = width };
        var code = command(home.Context(console));
        return (code, console);
    }
}
