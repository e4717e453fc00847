using System.Text;
using OpenCodeSync.Journal;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.Hook;

/// <summary>Runs the published binary's <c>hook</c> as the plugin does, as one user with waking off.</summary>
public sealed class HookRun : IDisposable
{
    public TestHome Home { get; } = new();

    public string StateDir => Home.Paths.StateDir;
    public string LogPath => Home.Paths.LogFile;

    public Dictionary<string, string> Env()
    {
        var env = Home.ProcessEnvironment();
        env["OPENCODE_SYNC_NO_WAKE"] = "1";
        return env;
    }

    public Task<ProcessResult> Hook(string stdin) => PublishedBinary.RunAsync(["hook"], Env(), stdin);

    public List<string> JournalEvents(List<string>? corrupt = null) =>
        new FileJournal(StateDir).ReadFrom(JournalCursor.Start, corrupt is null ? null : corrupt.Add)
            .Select(e => Encoding.UTF8.GetString(e.EventJson.Span)).ToList();

    public string[] LogLines() => File.Exists(LogPath) ? File.ReadAllLines(LogPath) : [];

    public void Dispose() => Home.Dispose();
}
