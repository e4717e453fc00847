using ConsoleAppFramework;
using OpenCodeSync.Config;
using OpenCodeSync.Delivery;
using OpenCodeSync.Hosting;
using OpenCodeSync.OpenSync;
using OpenCodeSync.Cli;
using OpenCodeSync.Http;
using OpenCodeSync.Sqlite;
using OpenCodeSync.State;

namespace OpenCodeSync.Commands;

[ConsoleAppFilter<ErrorFilter>]
public sealed class LoginCommand(CliContext ctx)
{
    /// <summary>Save your OpenSync URL and API key (asks for both on a terminal).</summary>
    /// <param name="url">Deployment URL, e.g. https://NAME.convex.cloud (turned into the .convex.site API host).</param>
    /// <param name="apiKey">API key (osk_…). Prefer --api-key-stdin: a key on the command line shows in ps and shell history.</param>
    /// <param name="apiKeyStdin">Read the API key from the first line of standard input.</param>
    /// <param name="noVerify">Save without checking the key against the backend.</param>
    /// <param name="importLegacy">Import ~/.opensync/credentials.json from the original plugin without asking.</param>
    [Command("login")]
    public async Task<int> RunAsync(
        string? url = null,
        string? apiKey = null,
        bool apiKeyStdin = false,
        bool noVerify = false,
        bool importLegacy = false,
        CancellationToken cancellationToken = default)
    {
        var io = ctx.Console;
        var store = ctx.Config;
        var existing = store.Load();

        if (url is null && apiKey is null && !apiKeyStdin && !existing.HasCredentials && store.LoadLegacy() is { } legacy)
        {
            var answer = importLegacy ? "y" : io.IsInputTerminal ? Ask($"Found credentials of the original plugin in {store.LegacyPath}. Import them? [Y/n] ") : null;
            if (answer is not null && (answer.Length == 0 || answer.StartsWith('y') || answer.StartsWith('Y')))
            {
                url = legacy.ConvexUrl;
                apiKey = legacy.ApiKey;
            }
        }

        url ??= io.IsInputTerminal ? Ask("Convex URL (e.g. https://NAME.convex.cloud): ") : null;
        if (url is null)
        {
            return Fail(ExitCodes.Usage, "no URL given: pass --url https://NAME.convex.cloud (or run login in a terminal to be asked)");
        }

        if (!BackendUrl.TryNormalize(url, out var normalizedUrl, out var urlError))
        {
            return Fail(ExitCodes.Usage, urlError);
        }

        if (apiKey is not null && !apiKeyStdin)
        {
            io.Error.WriteLine("warning: a key on the command line can be read from ps and shell history; prefer --api-key-stdin or the login prompt");
        }

        apiKey = apiKeyStdin ? io.In.ReadLine()
            : apiKey ?? (io.IsInputTerminal ? AskSecret("API key (osk_…, input hidden): ") : null);
        if (apiKey is null)
        {
            return Fail(ExitCodes.Usage, "no API key given: pipe it to --api-key-stdin (or run login in a terminal to be asked)");
        }

        if (!ApiKey.TryValidate(apiKey, out var key, out var keyError))
        {
            return Fail(ExitCodes.Usage, keyError);
        }

        var sessions = -1;
        if (!noVerify)
        {
            var check = await ctx.InteractiveClient(normalizedUrl, key).ListSessionsAsync(cancellationToken).ConfigureAwait(false);
            switch (check.Outcome)
            {
                case ApiOutcome.Ok:
                    sessions = check.Value?.SessionIds?.Count ?? 0;
                    break;
                case ApiOutcome.Unauthorized:
                    return Fail(ExitCodes.BackendFailing, $"{normalizedUrl} refused the key {ApiKey.Mask(key)}: {check.Message}. Nothing was saved; check the key in OpenSync under Settings > API Key.");
                case ApiOutcome.Unreachable:
                    return Fail(ExitCodes.BackendFailing, $"{check.Message}. Nothing was saved; check the URL, or pass --no-verify to save it anyway.");
                default:
                    return Fail(ExitCodes.BackendFailing, $"{normalizedUrl} answered {check.Describe()}. Nothing was saved; is this an OpenSync deployment? (--no-verify saves anyway)");
            }
        }

        store.Save(existing with { ConvexUrl = normalizedUrl, ApiKey = key });

        var verified = sessions >= 0 ? $"key verified, {sessions} session{(sessions == 1 ? "" : "s")} on the server" : "not verified: --no-verify";
        io.Out.WriteLine($"Logged in to {normalizedUrl} with {ApiKey.Mask(key)} ({verified}).");
        io.Out.WriteLine($"Saved to {store.Path}");
        if (ctx.Env.Get(EnvVars.Url) is { Length: > 0 } || ctx.Env.Get(EnvVars.ApiKey) is { Length: > 0 })
        {
            io.Out.WriteLine($"Note: {EnvVars.Url}/{EnvVars.ApiKey} are set in this environment and take precedence over the file.");
        }

        DeliverWhatWasKept();
        return ExitCodes.Ok;
    }

    /// <summary>Sessions recorded before this login (local only, or under a refused key) go out now, in the background.</summary>
    private void DeliverWhatWasKept()
    {
        try
        {
            using var db = StateDb.OpenExisting(ctx.Paths.StateDir);
            var pending = db?.PendingCount() ?? 0;
            if (pending == 0)
                return;
            // A new key lifts a pause on the old one at once, not after the recheck interval.
            db!.SetMeta(MetaKeys.PausedUnauthorized, null);
            var woke = ctx.WakeDelivery(ctx) is WakeResult.Started or WakeResult.AlreadyRunning;
            ctx.Console.Out.WriteLine(woke
                ? $"Sending {pending} record(s) recorded before this login in the background ('opencode-sync status' shows progress)."
                : $"{pending} record(s) recorded before this login are queued: 'opencode-sync flush' sends them now.");
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            ctx.Log.TryWrite(LogLevel.Warn, "login", $"could not start delivering what was kept: {e.Message}");
        }
    }

    private string? Ask(string prompt)
    {
        ctx.Console.Error.Write(prompt);
        return ctx.Console.In.ReadLine()?.Trim();
    }

    private string? AskSecret(string prompt)
    {
        ctx.Console.Error.Write(prompt);
        return ctx.Console.ReadSecretLine();
    }

    private int Fail(int code, string message)
    {
        ctx.Console.Error.WriteLine($"opencode-sync login: {message}");
        return code;
    }
}
