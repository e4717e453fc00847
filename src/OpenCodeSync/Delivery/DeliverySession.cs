using OpenCodeSync.Archive;
using OpenCodeSync.Config;
using OpenCodeSync.Hosting;
using OpenCodeSync.OpenSync;
using OpenCodeSync.Privacy;
using OpenCodeSync.Sync;
using OpenCodeSync.Http;
using OpenCodeSync.Sqlite;
using OpenCodeSync.State;

namespace OpenCodeSync.Delivery;

/// <summary>
/// Everything a delivering command needs, wired from the context: the state database, the journal, and —
/// when credentials are usable — a worker with the retrying HTTP client.
/// </summary>
public sealed class DeliverySession : IDisposable
{
    private readonly HttpClient? _http;
    private readonly AttemptLog? _attempts;

    private DeliverySession(DeliveryHost ctx, bool respectPause)
    {
        StateDir = ctx.Paths.StateDir;
        Db = StateDb.Open(StateDir);
        Journal = ctx.OpenJournal(ctx.Paths);
        var config = EffectiveConfig.Resolve(ctx.Config.Load(), ctx.Env);
        var records = Records = RecordOptionsFor(ctx, config);
        var options = Options = ctx.Options with { SessionInfoWait = config.SecondsOf(Settings.SessionWait) };

        DeliveryWorker? worker = null;
        if (!config.IsConfigured)
            (IsNotLoggedIn, Problem) = (true, "not logged in: run 'opencode-sync login' (events are kept and sent once logged in)");
        else if (!BackendUrl.TryNormalize(config.Url.Value, out var url, out var urlError))
            Problem = $"the URL is invalid: {urlError}";
        else if (!ApiKey.TryValidate(config.ApiKey.Value, out var key, out var keyError))
            Problem = keyError;
        else
        {
            KeyId = StableHash.Fnv64(key).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
            if (respectPause && IsPaused(Db, KeyId, ctx.Clock.Now, options.UnauthorizedRecheck))
                Problem = "paused: the backend refused this API key; run 'opencode-sync login' with a working key";
            else
            {
                _http = ctx.Http(options.Http);
                Client = new OpenSyncClient(_http, url, key);
                _attempts = new AttemptLog(ctx.Log, ctx.Clock);
                worker = Worker = new DeliveryWorker(Db, Client, ctx.Clock, options, StateDir) { Attempts = _attempts };
            }
        }
        Archive = OpenArchive(ctx, Db);
        Loop = new DeliveryLoop(Db, Journal, worker, ctx.Clock, options, records, KeyId)
        {
            OnFoldError = error => ctx.Log.TryWrite(LogLevel.Warn, "fold", error),
            OnNote = note => ctx.Log.TryWrite(LogLevel.Info, "plan", note),
            Archive = Archive,
            OnArchiveError = error => ctx.Log.TryWrite(LogLevel.Warn, "archive", error),
        };
    }

    /// <summary>The local archive, or null (said in the log) when it cannot be opened: delivery does not need it.</summary>
    private static ArchiveDb? OpenArchive(DeliveryHost ctx, StateDb db)
    {
        try
        {
            var archive = ArchiveDb.Open(ctx.Paths.DataDir);
            if (archive.WriteProblem is { } problem)
                ctx.Log.TryWrite(LogLevel.Warn, "archive", problem);
            // A new archive next to an existing state (an upgrade, or a deleted archive): fill it with every known session,
            // and let the next pull bring down again what it held from other machines.
            if (archive.WasCreated)
            {
                db.MarkAllDirty();
                db.ForgetPulled();
            }
            return archive;
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            ctx.Log.TryWrite(LogLevel.Warn, "archive", $"cannot open the local archive: {e.Message}");
            return null;
        }
    }

    /// <summary>The local archive (null when it could not be opened).</summary>
    public ArchiveDb? Archive { get; }

    /// <summary>What goes into records (redaction, exclusions, part kinds), from the effective config.</summary>
    public static RecordOptions RecordOptionsFor(DeliveryHost ctx, EffectiveConfig config)
    {
        var records = new RecordOptions
        {
            IncludeReasoning = config.IsOn(Settings.SyncReasoning),
            IncludeToolOutput = config.IsOn(Settings.SyncToolOutput),
            IncludeFiles = config.IsOn(Settings.SyncFiles),
            Redactor = new Redactor(PrivacySettings.Redaction(config, out var redactionProblems)),
            Exclusions = PrivacySettings.Exclusions(config, ctx.Env.HomeDirectory),
        };
        foreach (var problem in redactionProblems)
            ctx.Log.TryWrite(LogLevel.Warn, "redact", problem);
        return records;
    }

    public RecordOptions Records { get; }

    /// <summary>The context's delivery options with what the config sets (the session-info wait).</summary>
    public DeliveryOptions Options { get; }

    /// <summary>The backend client when credentials are usable (null otherwise).</summary>
    public OpenSyncClient? Client { get; }

    /// <summary>The sender when credentials are usable (null otherwise); the loop uses the same one.</summary>
    public DeliveryWorker? Worker { get; }

    public string StateDir { get; }
    public StateDb Db { get; }
    public Journal.IJournalSource Journal { get; }
    public DeliveryLoop Loop { get; }
    public string? KeyId { get; }

    /// <summary>Nobody logged in: the archive is kept locally only (not an error).</summary>
    public bool IsNotLoggedIn { get; }

    /// <summary>Why nothing will be sent (null when a worker exists).</summary>
    public string? Problem { get; }

    /// <param name="respectPause">Background runs skip a key refused recently; <c>flush</c> always tries.</param>
    public static DeliverySession Open(DeliveryHost ctx, bool respectPause) => new(ctx, respectPause);

    /// <summary>Paused on a 401 for this very key, recently: a new key, or time, lifts it.</summary>
    private static bool IsPaused(StateDb db, string keyId, DateTimeOffset now, TimeSpan recheck)
    {
        if (db.GetMeta(MetaKeys.PausedUnauthorized) is not { } paused)
            return false;
        var parts = paused.Split(' ');
        return parts.Length == 2 && parts[0] == keyId
            && long.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var at)
            && now.ToUnixTimeMilliseconds() - at < recheck.TotalMilliseconds;
    }

    public void Dispose()
    {
        _attempts?.Dispose();
        _http?.Dispose();
        Archive?.Dispose();
        Db.Dispose();
    }
}
