using System.Text.Json;
using System.Text.RegularExpressions;
using OpenCodeSync.Archive;
using OpenCodeSync.Delivery;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.Archive;

/// <summary>
/// The published binary as many OpenCode windows use it: 16 processes feed hook calls (waking delivery, which
/// archives), while <c>sessions</c>, <c>search</c> and <c>stats</c> run against the same archive the whole time.
/// </summary>
public partial class ArchiveConcurrencyTests
{
    [GeneratedRegex(@"\b(ses|msg|prt|evt)_([A-Za-z0-9]+)")]
    private static partial Regex Ids();

    [Test]
    public async Task Queries_succeed_while_sixteen_hook_processes_write_and_the_archive_ends_complete()
    {
        const int processes = 16;
        using var home = new TestHome();
        var env = home.ProcessEnvironment();
        var fixture = Fixtures.TextLines(Fixtures.Tool);
        // Each process plays the recorded session under its own ids (same order, so ids stay time-sortable).
        List<string> SessionOf(int p) => [.. fixture.Select(l => Ids().Replace(l, m => $"{m.Value}P{p:D2}"))];
        var sessions = Enumerable.Range(0, processes).Select(SessionOf).ToList();
        var messagesEach = DeliveryHarness.Expected(fixture).Split('\n').Count(l => l.Contains("\"sessionExternalId\"", StringComparison.Ordinal));

        using var writing = new CancellationTokenSource();
        var writers = Enumerable.Range(0, processes).Select(async p =>
        {
            foreach (var burst in sessions[p].Chunk(6))
            {
                var r = await PublishedBinary.RunAsync(["hook"], env, string.Join("\n", burst) + "\n");
                if (r.ExitCode != 0 || r.All.Length != 0)
                    throw new InvalidOperationException($"hook failed: {r.ExitCode} {r.All}");
            }
        }).ToList();

        var queries = 0;
        var failures = new List<string>();
        var reader = Task.Run(async () =>
        {
            string[][] commands = [["sessions", "--json", "--limit", "50"], ["search", "successfully", "--json"], ["stats", "--json"]];
            while (!writing.IsCancellationRequested)
            {
                foreach (var args in commands)
                {
                    var r = await PublishedBinary.RunAsync(args, env);
                    queries++;
                    // Before delivery's first commit there is no archive yet: exit 1 with the friendly line is right.
                    if (r.ExitCode == 1 && r.Stderr.Contains("no local archive yet", StringComparison.Ordinal))
                        continue;
                    if (r.ExitCode != 0 || !IsJson(r.Stdout) || r.Stderr.Length != 0)
                        failures.Add($"{string.Join(' ', args)} → {r.ExitCode}: {r.All}");
                }
            }
        });

        await Task.WhenAll(writers);
        var archivePath = ArchiveDb.PathIn(home.Paths.DataDir);
        await Poll.Until(() => Count(archivePath, "messages") == processes * messagesEach && !DeliveryLock.IsHeld(home.Paths.StateDir),
            TimeSpan.FromSeconds(60), "every session archived and delivery exited");
        await writing.CancelAsync();
        await reader;

        await Assert.That(failures).IsEmpty();
        await Assert.That(queries).IsGreaterThanOrEqualTo(3);
        await Assert.That(Count(archivePath, "sessions")).IsEqualTo(processes);
        var search = await PublishedBinary.RunAsync(["search", "successfully", "--json", "--limit", "100"], env);
        using var hits = JsonDocument.Parse(search.Stdout);
        await Assert.That(hits.RootElement.GetArrayLength()).IsEqualTo(processes);
        await Assert.That(File.Exists(home.Paths.LogFile) ? File.ReadAllText(home.Paths.LogFile) : "").DoesNotContain("WARN");
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static long Count(string archivePath, string table)
    {
        if (!File.Exists(archivePath))
            return -1;
        try
        {
            using var file = new ArchiveFile(archivePath);
            return file.Count($"SELECT COUNT(*) FROM {table}");
        }
        catch (OpenCodeSync.Sqlite.SqliteException)
        {
            return -1; // created but not yet laid out
        }
    }
}
