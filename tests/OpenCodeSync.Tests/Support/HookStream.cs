using System.Globalization;
using System.Text;
using OpenCodeSync.Delivery;
using OpenCodeSync.Hosting;
using OpenCodeSync.OpenCode;
using Server = OpenSync.ContractServer.ContractServer;
using OpenCodeSync.State;

namespace OpenCodeSync.Tests.Support;

/// <summary>
/// Recorded event streams fed to the published binary one <c>hook</c> process per event, as the plugin does,
/// in a chosen order (and concurrency), then delivered to completion.
/// </summary>
public static class HookStream
{
    /// <summary>The lines of a fixture the hook keeps (streaming deltas and other bus noise are dropped by it anyway).</summary>
    public static List<string> Relevant(string fixture) =>
        [.. Fixtures.TextLines(fixture).Where(l => EventTypes.IsRelevant(Encoding.UTF8.GetBytes(l)))];

    /// <summary>Round robin over the streams, each stream's own order kept: what several live sessions look like.</summary>
    public static List<string> Interleave(IReadOnlyList<IReadOnlyList<string>> streams)
    {
        var result = new List<string>();
        for (var i = 0; streams.Any(s => i < s.Count); i++)
        {
            foreach (var s in streams.Where(s => i < s.Count))
                result.Add(s[i]);
        }
        return result;
    }

    /// <summary>The user's environment; logged in to <paramref name="server"/> unless it is null (local only).</summary>
    public static Dictionary<string, string> Env(TestHome home, Server? server)
    {
        var env = home.ProcessEnvironment();
        if (server is not null)
        {
            env[EnvVars.Url] = server.BaseAddress.ToString().TrimEnd('/');
            env[EnvVars.ApiKey] = Server.DefaultApiKey;
        }
        return env;
    }

    /// <summary>
    /// One <c>hook</c> process per line, started in list order, at most <paramref name="concurrency"/> at a time
    /// (with more than one, the order they reach the journal is up to the scheduler). Each must exit 0 silently.
    /// </summary>
    public static async Task RunHooksAsync(IReadOnlyList<string> lines, IReadOnlyDictionary<string, string> env, int concurrency = 1)
    {
        using var slots = new SemaphoreSlim(concurrency);
        var running = new List<Task>();
        for (var i = 0; i < lines.Count; i++)
        {
            await slots.WaitAsync();
            var index = i;
            running.Add(Task.Run(async () =>
            {
                try
                {
                    var r = await PublishedBinary.RunAsync(["hook"], env, lines[index] + "\n", timeout: TimeSpan.FromSeconds(60));
                    if (r.ExitCode != 0 || r.All.Length > 0)
                        throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                            $"hook for event #{index} exited {r.ExitCode}: {r.All}"));
                }
                finally
                {
                    slots.Release();
                }
            }));
        }
        await Task.WhenAll(running);
    }

    /// <summary>
    /// Lets the background <c>deliver</c> the hooks woke finish on its own, then runs <c>flush</c> in the foreground:
    /// it must exit 0 ("Everything is synced.") and leave nothing pending in state.db.
    /// </summary>
    public static async Task DeliverAllAsync(TestHome home, IReadOnlyDictionary<string, string> env)
    {
        // Held sessions and send windows keep a background run alive for up to ~30 s past its last event.
        await Poll.Until(() => !DeliveryLock.IsHeld(home.Paths.StateDir), TimeSpan.FromSeconds(120), "the background deliver exited");
        await FlushAsync(home, env);
    }

    /// <summary><c>flush --timeout 60</c>: exit 0 and nothing pending, else an exception with its output.</summary>
    public static async Task FlushAsync(TestHome home, IReadOnlyDictionary<string, string> env)
    {
        var flush = await PublishedBinary.RunAsync(["flush", "--timeout", "60"], env, timeout: TimeSpan.FromSeconds(90));
        if (flush.ExitCode != 0)
            throw new InvalidOperationException($"flush exited {flush.ExitCode}: {flush.All.Trim()}");
        using var db = StateDb.Open(home.Paths.StateDir);
        if (db.PendingCount() is var pending and > 0)
            throw new InvalidOperationException($"flush exited 0 but {pending} record(s) are still pending: {flush.All.Trim()}");
    }
}
