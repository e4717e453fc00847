using System.Diagnostics;
using OpenCodeSync.Archive;
using OpenCodeSync.Hosting;
using OpenCodeSync.State;
using OpenCodeSync.Tests.ContractServer;
using OpenCodeSync.Tests.Support;
using Server = OpenSync.ContractServer.ContractServer;

namespace OpenCodeSync.Tests.Pull;

/// <summary>The published binary killed with SIGKILL in the middle of a pull: what it imported stays, the next pull goes on.</summary>
public class PullKillTests
{
    private const int Total = 30;
    private const int Held = 3;

    [Test]
    public async Task A_pull_killed_midway_keeps_what_it_imported_and_the_next_one_fetches_only_the_rest()
    {
        await using var server = await Server.StartAsync();
        using (var client = server.CreateClient())
        {
            for (var i = 0; i < Total; i++)
            {
                await Wire.Post(client, "sync/session", $$"""{"externalId":"ses_kill_{{i:00}}","title":"Session {{i}}"}""");
                await Wire.Post(client, "sync/message", $$"""{"sessionExternalId":"ses_kill_{{i:00}}","externalId":"msg_kill_{{i:00}}","role":"user","textContent":"question number {{i}}"}""");
            }
        }
        // A few sessions answer only after the kill: the pull is certainly midway when it dies.
        var held = server.Sessions.OrderBy(s => s.ExternalId, StringComparer.Ordinal).Take(Held).ToList();
        foreach (var s in held)
            server.Faults.StallNext(1, TimeSpan.FromMinutes(2), pathPrefix: "/api/sessions/get?id=" + s.Id);

        using var home = new TestHome();
        var env = home.ProcessEnvironment();
        env[EnvVars.Url] = server.BaseAddress.ToString().TrimEnd('/');
        env[EnvVars.ApiKey] = Server.DefaultApiKey;

        using (var first = Start(env))
        {
            await Poll.Until(() => PulledCount(home) >= Total - Held, TimeSpan.FromSeconds(60), "the sessions that were not held to be imported");
            first.Kill();
            await first.WaitForExitAsync();
            await Assert.That(first.ExitCode).IsEqualTo(137).Or.IsEqualTo(-1);
        }
        // Answered fetches only: the held requests the kill cut off are logged (status 0) whenever the server notices.
        int Answered() => server.Requests.Count(r => r.Path == "/api/sessions/get" && r.Status == 200);
        var fetchesBefore = Answered();
        server.Faults.Clear();

        var second = await PublishedBinary.RunAsync(["pull"], env, timeout: TimeSpan.FromSeconds(60));

        await Assert.That(second.ExitCode).IsEqualTo(0).Because(second.All);
        await Assert.That(second.Stdout).Contains($"pulled {Held} session(s)");
        await Assert.That(Answered() - fetchesBefore).IsEqualTo(Held);
        using var archive = ArchiveDb.Open(home.Paths.DataDir);
        var ids = archive.ListSessions(new SessionFilter(Origin: Origins.Pulled), 100, configured: true).Select(s => s.Id).Order(StringComparer.Ordinal).ToList();
        await Assert.That(ids).IsEquivalentTo(server.Sessions.Select(s => s.ExternalId).Order(StringComparer.Ordinal).ToList(), TUnit.Assertions.Enums.CollectionOrdering.Matching);
        foreach (var id in ids)
            await Assert.That(archive.Load(id, configured: true)!.Messages.Count).IsEqualTo(1);
    }

    private static Process Start(Dictionary<string, string> env)
    {
        var psi = new ProcessStartInfo(PublishedBinary.Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("pull");
        psi.Environment.Clear();
        psi.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        foreach (var (k, v) in env)
            psi.Environment[k] = v;
        return Process.Start(psi)!;
    }

    /// <summary>Sessions whose import committed, read beside the running pull (SQLite WAL readers do not block it).</summary>
    private static int PulledCount(TestHome home)
    {
        if (!File.Exists(Path.Combine(home.Paths.StateDir, StateDb.FileName)))
            return 0;
        using var state = StateDb.OpenExisting(home.Paths.StateDir);
        return state?.PulledVersions().Count ?? 0;
    }
}
