using OpenCodeSync.Hosting;
using OpenCodeSync.OpenCode;

namespace OpenCodeSync.Commands;

/// <summary>The human form of <see cref="StatusReport"/>.</summary>
internal static class StatusText
{
    public static void Write(TextWriter o, StatusReport r)
    {
        if (!r.Configured)
        {
            o.WriteLine("Local only — run `opencode-sync login` to sync. Sessions are still recorded in the local archive.");
            if (r.Url is null)
            {
                o.WriteLine($"  URL       missing (login, or set {EnvVars.Url})");
            }

            if (r.ApiKey is null)
            {
                o.WriteLine($"  API key   missing (login, or set {EnvVars.ApiKey})");
            }

            if (r.LegacyCredentials is not null)
            {
                o.WriteLine($"  Found the original plugin's credentials in {r.LegacyCredentials}: 'opencode-sync login' can import them.");
            }
        }
        else
        {
            o.WriteLine(r.Ready ? "Ready: sessions will sync." : "Configured, but the backend check failed.");
            o.WriteLine($"  URL       {r.Url} ({r.UrlSource})");
            o.WriteLine($"  API key   {r.ApiKey} ({r.ApiKeySource})");
            if (r.Backend is { } b)
            {
                o.WriteLine(b.Ok
                    ? $"  Backend   ok in {b.LatencyMs} ms, {b.Sessions} session{(b.Sessions == 1 ? "" : "s")} stored"
                    : $"  Backend   FAILED after {b.LatencyMs} ms: {b.Error}");
            }
        }

        o.WriteLine($"  Config    {r.ConfigFile}");
        o.WriteLine($"  Plugin    {(r.Plugin.Ok ? "" : "NOT READY: ")}{r.Plugin.Detail}");

        if (r.Delivery is { } d)
        {
            o.WriteLine($"  Outbox    {d.PendingRecords} record(s) pending{(d.PausedUnauthorized ? ", PAUSED: the backend refused the API key (401)" : "")}");
            if (d.SessionsAwaitingInfo > 0)
            {
                o.WriteLine($"  Waiting   {d.SessionsAwaitingInfo} session(s) hold their messages until the session info arrives (at most {d.SessionWaitSeconds} s, 'config set sync.session-wait')");
            }

            o.WriteLine($"  Synced    {(d.LastSuccessAt is { } at ? $"last success {at:yyyy-MM-dd HH:mm:ss}Z" : "nothing yet")}");
            if (d.LastError is not null)
            {
                var when = d.LastErrorAt is { } e ? $" ({e:yyyy-MM-dd HH:mm:ss}Z)" : "";
                // An error the backend recovered from is shown as what it is: the past, not the current state.
                o.WriteLine(d.LastErrorIsPast
                    ? $"  Earlier   {d.LastError}{when}, before the last success: recovered"
                    : $"  Error     {d.LastError}{when}");
            }

            if (d.DeadLetters > 0)
            {
                o.WriteLine($"  Refused   {d.DeadLetters} record(s) dead-lettered: see {d.DeadLetterFile}");
            }
        }

        var a = r.Archive;
        o.WriteLine(a.Problem is not null ? $"  Archive   {a.Path}: {a.Problem}"
            : a.Exists ? $"  Archive   {a.Sessions} session(s){(a.Pulled > 0 ? $" ({a.Pulled} pulled)" : "")}, {a.Messages} message(s) in {a.Path} ({a.Bytes / 1024.0 / 1024.0:0.0} MB)"
            : $"  Archive   empty: fills as OpenCode runs with the plugin, or import past sessions with 'opencode-sync sync'");
        if (r.Delivery?.LastPullAt is { } pulledAt)
            o.WriteLine($"  Pulled    {r.Delivery.LastPullImported} session(s) came down in the last pull ({pulledAt:yyyy-MM-dd HH:mm:ss}Z)");
        o.WriteLine(r.Privacy.Redaction ? "  Redact    on (secrets are replaced before anything is sent)" : "  Redact    OFF: secrets in transcripts are sent as they are ('config set redact on')");
        o.WriteLine(r.Privacy.Exclusions.Count == 0 ? "  Excluded  none" : $"  Excluded  {string.Join(", ", r.Privacy.Exclusions)}");
        o.WriteLine($"  Recall    {VerifyCommand.RecallLine(r.Recall)}");
        foreach (var warning in r.Warnings)
        {
            o.WriteLine($"  Warning   {warning}");
        }
    }
}
