using System.Text.Json;
using ConsoleAppFramework;
using OpenCodeSync.Hosting;
using OpenCodeSync.OpenCode;

namespace OpenCodeSync.Commands;

[ConsoleAppFilter<ErrorFilter>]
public sealed class SetupCommand(CliContext ctx)
{
    /// <summary>Register the plugin in OpenCode's config (~/.config/opencode/opencode.json, comments kept).</summary>
    /// <param name="project">Edit ./opencode.json(c) of the current project instead of the global config.</param>
    /// <param name="uninstall">Remove our plugin entry instead of adding it.</param>
    /// <param name="plugin">What to register instead of the npm package, e.g. a path to a plugin checkout.</param>
    [Command("setup")]
    public int Run(bool project = false, bool uninstall = false, string? plugin = null)
    {
        var dir = project ? ctx.WorkingDirectory : ctx.Paths.OpenCodeConfigDir;
        var file = OpenCodeConfigFile.In(dir);
        var spec = Spec(plugin);
        if (spec is null)
        {
            ctx.Console.Error.WriteLine($"opencode-sync setup: --plugin '{plugin}' is not our plugin (expected {PluginRegistrationReader.PackageName}[@version] or a path to it).");
            return ExitCodes.Usage;
        }

        SetupOutcome outcome;
        try
        {
            outcome = uninstall ? file.Unregister() : file.Register(spec);
        }
        catch (JsonException e)
        {
            ctx.Console.Error.WriteLine($"opencode-sync setup: {file.Path}: {e.Message}. Nothing was changed; fix the file by hand " +
                $"or add \"{spec}\" to its \"plugin\" array yourself.");
            return ExitCodes.LocalError;
        }

        var o = ctx.Console.Out;
        switch (outcome)
        {
            case SetupOutcome.Created:
                o.WriteLine($"Created {file.Path} with the plugin registered ({spec}).");
                break;
            case SetupOutcome.Added:
                o.WriteLine($"Registered the plugin in {file.Path} ({spec}).");
                break;
            case SetupOutcome.AlreadyRegistered:
                o.WriteLine($"Already registered in {file.Path}; nothing changed.");
                return ExitCodes.Ok;
            case SetupOutcome.Removed:
                o.WriteLine($"Removed the plugin from {file.Path}.");
                return ExitCodes.Ok;
            case SetupOutcome.NotRegistered:
                o.WriteLine($"Not registered in {file.Path}; nothing to remove.");
                return ExitCodes.Ok;
        }

        o.WriteLine("Restart OpenCode to load it, then check with 'opencode-sync verify'.");
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
