using System.Text.Json;
using ConsoleAppFramework;
using OpenCodeSync.Archive;
using OpenCodeSync.Cli;
using OpenCodeSync.Config;
using OpenCodeSync.Hosting;
using OpenCodeSync.Privacy;
using OpenCodeSync.Recall;
using OpenCodeSync.Sqlite;

namespace OpenCodeSync.Commands;

public sealed class RecallCommand(CliContext ctx)
{
    /// <summary>A tool call bigger than this is not a tool call.</summary>
    private const int MaxRequestBytes = 1 << 20;

    /// <summary>Answer one of the agent's history tools (run by the OpenCode plugin): a JSON request on stdin, the tool's text on stdout.</summary>
    /// <param name="enabled">Print on or off: whether the plugin should offer the tools (config 'recall').</param>
    [Command("recall")]
    public int Run(bool enabled = false)
    {
        // Whatever goes wrong becomes the tool's one line of text: an exit code would only reach the plugin.
        try
        {
            var config = EffectiveConfig.Resolve(ctx.Config.Load(), ctx.Env);
            var on = config.IsOn(Settings.Recall);
            if (enabled)
            {
                ctx.Console.Out.WriteLine(on ? "on" : "off");
                return ExitCodes.Ok;
            }
            ctx.Console.Out.Write(on ? Answer(config) : "Recall is off on this machine ('opencode-sync config set recall on' turns it on).");
        }
        catch (Exception e) when (e is ConfigException or IOException or UnauthorizedAccessException or SqliteException or JsonException)
        {
            ctx.Log.TryWrite(LogLevel.Warn, "recall", e.Message);
            ctx.Console.Out.Write($"opencode-sync recall failed: {e.Message}");
        }
        return ExitCodes.Ok;
    }

    private string Answer(EffectiveConfig config)
    {
        RecallRequest? request;
        using (var stdin = ctx.Console.OpenStandardInput())
        {
            var bytes = ReadAtMost(stdin, MaxRequestBytes + 1);
            if (bytes.Length > MaxRequestBytes)
                return Rejected($"the request is over {MaxRequestBytes} bytes");
            try
            {
                request = JsonSerializer.Deserialize(bytes, RecallJson.Default.RecallRequest);
            }
            catch (JsonException e)
            {
                return Rejected($"the request is not the JSON the plugin sends ({e.Message})");
            }
        }
        if (request is null || request.Tool is not (RecallRequest.Search or RecallRequest.Read))
            return Rejected($"unknown tool '{request?.Tool}' (history_search or history_read)");

        using var db = ArchiveDb.OpenForReading(ctx.Paths.DataDir);
        if (db is null)
            return "No past sessions yet: the archive fills as OpenCode runs with opencode-sync's plugin, or with 'opencode-sync sync'.";
        db.BeginSnapshot();
        var scope = Scope(ctx, db, config);
        return request.Tool == RecallRequest.Search ? HistorySearch.Run(scope, request) : HistoryRead.Run(scope, request);
    }

    /// <summary>The upload redaction and exclusions of this machine's config, over <paramref name="db"/>.</summary>
    internal static RecallScope Scope(CliContext ctx, ArchiveDb db, EffectiveConfig config)
    {
        var exclusions = PrivacySettings.Exclusions(config, ctx.Env.HomeDirectory);
        return new RecallScope(db, new Redactor(PrivacySettings.Redaction(config, out _)),
            path => !exclusions.IsEmpty && exclusions.IsExcluded(path), TimeZoneInfo.Local, ctx.Clock.Now);
    }

    private string Rejected(string why)
    {
        ctx.Log.TryWrite(LogLevel.Warn, "recall", $"rejected a request: {why}");
        return $"opencode-sync recall: {why}.";
    }

    private static byte[] ReadAtMost(Stream stream, int max)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while (buffer.Length < max && (n = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, max - buffer.Length))) > 0)
            buffer.Write(chunk, 0, n);
        return buffer.ToArray();
    }
}
