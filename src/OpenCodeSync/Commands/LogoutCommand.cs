using ConsoleAppFramework;
using OpenCodeSync.Hosting;
using OpenCodeSync.Cli;
using OpenCodeSync.Config;

namespace OpenCodeSync.Commands;

[ConsoleAppFilter<ErrorFilter>]
public sealed class LogoutCommand(CliContext ctx)
{
    /// <summary>Remove the saved URL and API key (other settings are kept).</summary>
    [Command("logout")]
    public int Run()
    {
        var store = ctx.Config;
        var config = store.Load();
        if (config.HasCredentials)
        {
            store.Save(config with { ConvexUrl = null, ApiKey = null });
            ctx.Console.Out.WriteLine($"Logged out: removed the URL and API key from {store.Path}.");
        }
        else
        {
            ctx.Console.Out.WriteLine("Not logged in; nothing to remove.");
        }

        if (ctx.Env.Get(EnvVars.Url) is { Length: > 0 } || ctx.Env.Get(EnvVars.ApiKey) is { Length: > 0 })
        {
            ctx.Console.Out.WriteLine($"Note: {EnvVars.Url}/{EnvVars.ApiKey} are still set in this environment; unset them too.");
        }

        return ExitCodes.Ok;
    }
}
