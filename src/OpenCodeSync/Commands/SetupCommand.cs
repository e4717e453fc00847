using System.Text.Json;
using ConsoleAppFramework;
using OpenCodeSync.Hosting;
using OpenCodeSync.OpenCode;
using OpenCodeSync.Cli;
using OpenCodeSync.PluginInstall;

namespace OpenCodeSync.Commands;

[ConsoleAppFilter<ErrorFilter>]
public sealed class SetupCommand(CliContext ctx)
{
    /// <summary>Install the OpenCode plugin (this binary's own copy) into OpenCode's plugin folder, ~/.config/opencode/plugin/.</summary>
    /// <param name="project">Install for the current project only (./.opencode/plugin/, or ./opencode.json with --npm).</param>
    /// <param name="npm">Register the npm package opencode-sync-plugin in opencode.json instead of writing the plugin file.</param>
    /// <param name="uninstall">Remove the plugin, whichever way it was installed.</param>
    /// <param name="plugin">Register this path (a plugin checkout) in opencode.json instead; for plugin development.</param>
    [Command("setup")]
    public int Run(bool project = false, bool npm = false, bool uninstall = false, string? plugin = null)
    {
        var configDir = project ? ctx.WorkingDirectory : ctx.Paths.OpenCodeConfigDir;
        var folder = new PluginFolder(project ? Path.Combine(ctx.WorkingDirectory, ".opencode") : configDir);
        var file = OpenCodeConfigFile.In(configDir);
        var spec = plugin is null && !npm ? null : Spec(plugin);
        if ((plugin is not null || npm) && spec is null)
        {
            ctx.Console.Error.WriteLine($"opencode-sync setup: --plugin '{plugin}' is not our plugin (expected {PluginRegistrationReader.PackageName}[@version] or a path to it).");
            return ExitCodes.Usage;
        }

        try
        {
            if (uninstall)
            {
                return Uninstall(folder, file);
            }

            return spec is null ? InstallFile(folder, file) : Register(folder, file, spec);
        }
        catch (JsonException e)
        {
            ctx.Console.Error.WriteLine($"opencode-sync setup: {file.Path}: {e.Message}. Nothing was changed there; fix the file by hand " +
                $"(the \"plugin\" entry to add or remove is {PluginRegistrationReader.PackageName}).");
            return ExitCodes.LocalError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ctx.Console.Error.WriteLine($"opencode-sync setup: cannot write the plugin under {folder.ConfigDir}: {e.Message}");
            return ExitCodes.LocalError;
        }
    }

    private int InstallFile(PluginFolder folder, OpenCodeConfigFile file)
    {
        if (ctx.ExecutablePath is not { Length: > 0 } binary)
        {
            ctx.Console.Error.WriteLine("opencode-sync setup: cannot tell where this program is (no process path); run it by its full path.");
            return ExitCodes.LocalError;
        }

        var o = ctx.Console.Out;
        var version = VersionCommand.Current().Version;
        var (outcome, entryPath, previous) = folder.Install(new PluginEntry(version, binary));
        o.WriteLine(outcome switch
        {
            PluginInstallOutcome.Installed => $"Installed the plugin ({PluginRegistrationReader.PackageName} {version}) as {entryPath}.",
            PluginInstallOutcome.Updated when previous is not null && previous != version => $"Updated the plugin at {entryPath} from {previous} to {version}.",
            PluginInstallOutcome.Updated => $"Replaced the plugin at {entryPath} with this binary's copy ({version}).",
            _ => $"The plugin at {entryPath} is already this binary's ({version}); nothing changed.",
        });
        if (outcome != PluginInstallOutcome.Unchanged)
        {
            o.WriteLine($"It runs {binary}.");
        }

        // Both ways at once would load the plugin twice: every event would be handed over twice.
        try
        {
            if (file.Unregister() == SetupOutcome.Removed)
            {
                o.WriteLine($"Removed the plugin entry from {file.Path}: the plugin file replaces it.");
                outcome = PluginInstallOutcome.Updated;
            }
        }
        catch (JsonException e)
        {
            ctx.Console.Error.WriteLine($"opencode-sync setup: could not check {file.Path} for an older plugin entry ({e.Message}); " +
                $"if it lists {PluginRegistrationReader.PackageName}, remove that entry by hand.");
        }

        if (outcome != PluginInstallOutcome.Unchanged)
        {
            o.WriteLine("Restart OpenCode to load it, then check with 'opencode-sync verify'.");
        }

        return ExitCodes.Ok;
    }

    private int Register(PluginFolder folder, OpenCodeConfigFile file, string spec)
    {
        var o = ctx.Console.Out;
        var outcome = file.Register(spec);
        o.WriteLine(outcome switch
        {
            SetupOutcome.Created => $"Created {file.Path} with the plugin registered ({spec}).",
            SetupOutcome.Added => $"Registered the plugin in {file.Path} ({spec}).",
            _ => $"Already registered in {file.Path}; nothing changed there.",
        });
        foreach (var removed in folder.Uninstall())
        {
            o.WriteLine($"Removed the plugin file {removed}: the registered entry replaces it.");
            outcome = SetupOutcome.Added;
        }

        if (spec.StartsWith(PluginRegistrationReader.PackageName, StringComparison.Ordinal) && outcome != SetupOutcome.AlreadyRegistered)
        {
            o.WriteLine($"OpenCode installs {spec} from the npm registry when it starts (it needs the registry to be reachable).");
        }

        if (outcome != SetupOutcome.AlreadyRegistered)
        {
            o.WriteLine("Restart OpenCode to load it, then check with 'opencode-sync verify'.");
        }

        return ExitCodes.Ok;
    }

    private int Uninstall(PluginFolder folder, OpenCodeConfigFile file)
    {
        var o = ctx.Console.Out;
        var removedFiles = folder.Uninstall();
        foreach (var removed in removedFiles)
        {
            o.WriteLine($"Removed the plugin file {removed}.");
        }

        var entry = file.Unregister();
        if (entry == SetupOutcome.Removed)
        {
            o.WriteLine($"Removed the plugin entry from {file.Path}.");
        }

        if (removedFiles.Count == 0 && entry != SetupOutcome.Removed)
        {
            o.WriteLine($"The plugin is not installed under {folder.ConfigDir} nor registered in {file.Path}; nothing to remove.");
            return ExitCodes.Ok;
        }

        o.WriteLine("Restart OpenCode to unload it. Your archive and settings stay; 'opencode-sync logout' forgets the key.");
        return ExitCodes.Ok;
    }

    /// <summary>The entry to write: the package name, a pinned version, or a path made absolute.</summary>
    private string? Spec(string? plugin)
    {
        if (string.IsNullOrWhiteSpace(plugin))
        {
            return PluginRegistrationReader.PackageName;
        }

        var s = plugin.Trim();
        var looksLikePath = s.StartsWith('.') || s.StartsWith('/') || s.StartsWith('~') || s.Contains('\\', StringComparison.Ordinal) ||
                            (s.Contains('/', StringComparison.Ordinal) && !s.StartsWith('@'));
        if (looksLikePath && !s.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            // OpenCode resolves relative entries against its own idea of a base; an absolute path is unambiguous.
            s = s.StartsWith('~') ? Path.Combine(ctx.Env.HomeDirectory, s.TrimStart('~', '/')) : Path.GetFullPath(Path.Combine(ctx.WorkingDirectory, s));
        }

        return PluginRegistrationReader.IsOurs(s) ? s : null;
    }
}
