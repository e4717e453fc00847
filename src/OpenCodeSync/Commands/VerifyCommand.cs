using ConsoleAppFramework;
using OpenCodeSync.Config;
using OpenCodeSync.Hosting;
using OpenCodeSync.OpenCode;

namespace OpenCodeSync.Commands;

[ConsoleAppFilter<ErrorFilter>]
public sealed class VerifyCommand(CliContext ctx)
{
    /// <summary>Check everything syncing needs (credentials, backend, plugin registration, binary lookup); exit 0 only when all pass.</summary>
    [Command("verify")]
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var o = ctx.Console.Out;
        var failed = 0;
        void Check(bool ok, string name, string detail)
        {
            failed += ok ? 0 : 1;
            o.WriteLine($"{(ok ? "✓" : "✗")} {name,-12} {detail}");
        }

        var config = EffectiveConfig.Resolve(ctx.Config.Load(), ctx.Env);
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

        var files = PluginRegistrationReader.CandidateFiles(ctx.Paths.OpenCodeConfigDir, ctx.WorkingDirectory, ctx.Env.Get(EnvVars.OpenCodeConfig));
        var plugin = PluginRegistrationReader.Find(files);
        Check(plugin.Registered, "plugin", plugin.Registered
            ? $"registered in {plugin.ConfigPath} ({plugin.Entry})"
            : $"not registered in OpenCode's config: run 'opencode-sync setup' (or 'setup --project' for this project only)" +
              (plugin.Problem is null ? "" : $"; {plugin.Problem}"));

        var bin = BinaryLocator.Find(ctx.Env, plugin.Entry, ctx.Paths.OpenCodeCacheDir);
        Check(bin.Path is not null, "binary", bin.Path is not null
            ? $"the plugin will run {bin.Path} (found via {bin.How})"
            : $"the plugin cannot find opencode-sync (tried {string.Join(", ", bin.Tried)}): put it on PATH, " +
              $"or set {EnvVars.Bin}={Environment.ProcessPath ?? "/path/to/opencode-sync"} in OpenCode's environment");

        o.WriteLine(failed == 0 ? "All checks passed: OpenCode sessions will sync." : $"{failed} check{(failed == 1 ? "" : "s")} failed; fix the ✗ lines above and run 'opencode-sync verify' again.");
        return failed == 0 ? ExitCodes.Ok : ExitCodes.NotConfigured;
    }
}
