using ConsoleAppFramework;
using OpenCodeSync.Config;
using OpenCodeSync.Hosting;
using OpenCodeSync.OpenCode;
using OpenCodeSync.Cli;
using OpenCodeSync.PluginInstall;

namespace OpenCodeSync.Commands;

[ConsoleAppFilter<ErrorFilter>]
public sealed class VerifyCommand(CliContext ctx)
{
    /// <summary>Check what recording and syncing need (plugin, binary, archive; account and backend once logged in); exit 0 only when all pass.</summary>
    /// <param name="backend">Require an account: with no credentials, fail instead of reporting local-only mode.</param>
    [Command("verify")]
    public async Task<int> RunAsync(bool backend = false, CancellationToken cancellationToken = default)
    {
        var o = ctx.Console.Out;
        var failed = 0;
        void Check(bool ok, string name, string detail)
        {
            failed += ok ? 0 : 1;
            o.WriteLine($"{(ok ? "✓" : "✗")} {name,-12} {detail}");
        }

        var config = EffectiveConfig.Resolve(ctx.Config.Load(), ctx.Env);
        var localOnly = !config.IsConfigured && !backend;
        if (localOnly)
        {
            // A supported mode, not a fault: the archive works without an account.
            o.WriteLine($"• {"account",-12} none: local only — sessions are kept in the local archive; 'opencode-sync login' syncs them to OpenSync");
        }
        else
        {
            Check(config.IsConfigured, "credentials", config.IsConfigured
                ? $"{config.Url.Value} with key {ApiKey.Mask(config.ApiKey.Value!)}"
                : $"missing: run 'opencode-sync login' (or set {EnvVars.Url} and {EnvVars.ApiKey})");
            if (config.IsConfigured)
            {
                var b = await BackendProbe.CheckAsync(ctx, config, cancellationToken).ConfigureAwait(false);
                Check(b.Ok, "backend", b.Ok
                    ? $"answered in {b.LatencyMs} ms ({b.Sessions} session{(b.Sessions == 1 ? "" : "s")} stored)"
                    : $"{b.Error}; check the URL with 'opencode-sync config', or run 'opencode-sync login' again");
            }
            else
            {
                Check(false, "backend", "not checked: no credentials yet");
            }
        }

        var plugin = PluginInspector.Inspect(ctx, VersionCommand.Current().Version);
        Check(plugin.Ok, "plugin", plugin.Detail);

        var bin = BinaryLocator.Find(ctx.Env, plugin.RegisteredEntry, ctx.Paths.OpenCodeCacheDir, plugin.PinnedBinary);
        Check(bin.Path is not null, "binary", bin.Path is not null
            ? $"the plugin will run {bin.Path} (found via {bin.How})"
            : $"the plugin cannot find opencode-sync (tried {string.Join(", ", bin.Tried)}): run 'opencode-sync setup' again, put it on PATH, " +
              $"or set {EnvVars.Bin}={ctx.ExecutablePath ?? "/path/to/opencode-sync"} in OpenCode's environment");

        var archive = ArchiveWritable();
        Check(archive is null, "archive", archive ?? $"{ctx.Paths.StateDir} is writable");
        o.WriteLine($"• {"recall",-12} {RecallLine(config.IsOn(Settings.Recall))}");

        o.WriteLine(failed > 0
            ? $"{failed} check{(failed == 1 ? "" : "s")} failed; fix the ✗ lines above and run 'opencode-sync verify' again."
            : localOnly
                ? "All checks passed: OpenCode sessions will be kept in the local archive (local only: nothing is sent)."
                : "All checks passed: OpenCode sessions will sync.");
        return failed == 0 ? ExitCodes.Ok : ExitCodes.NotConfigured;
    }

    /// <summary>What the recall setting means, as <c>status</c> and <c>verify</c> say it.</summary>
    internal static string RecallLine(bool on) => on
        ? "on: OpenCode's agent gets the history_search and history_read tools over this archive ('config set recall off' removes them)"
        : "off: OpenCode's agent gets no history tools ('config set recall on' adds them at OpenCode's next start)";

    /// <summary>Why the hook could not write its journal and archive, or null when it can (tried, not assumed).</summary>
    private string? ArchiveWritable()
    {
        var probe = Path.Combine(ctx.Paths.StateDir, $".verify.{Environment.ProcessId}.tmp");
        try
        {
            PrivateFiles.EnsureDirectory(ctx.Paths.StateDir);
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot write {ctx.Paths.StateDir}: {e.Message}";
        }
    }
}
