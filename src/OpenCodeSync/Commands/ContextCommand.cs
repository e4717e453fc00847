using System.Text.Json;
using ConsoleAppFramework;
using OpenCodeSync.Cli;
using OpenCodeSync.Config;
using OpenCodeSync.Hosting;
using OpenCodeSync.Recall;

namespace OpenCodeSync.Commands;

public sealed class ContextCommand(CliContext ctx)
{
    /// <summary>The past sessions that best match a query, as text or messages for another tool (like OpenSync's /api/context, but local).</summary>
    /// <param name="query">Words to look for (FTS5 syntax, as in 'search').</param>
    /// <param name="format">text (one block per session) or messages (role, content and the session of each).</param>
    /// <param name="limit">How many sessions.</param>
    /// <param name="json">Print {text|messages, sessionCount} as JSON.</param>
    [Command("context")]
    public int Run([Argument] string query, string format = "text", int limit = 5, bool json = false) =>
        ArchiveReader.Run(ctx, "context", archive =>
        {
            if (format is not ("text" or "messages"))
                return archive.Usage($"--format '{format}' is not one of text, messages");
            if (limit is < 1 or > 50)
                return archive.Usage("--limit must be from 1 to 50");
            if (string.IsNullOrWhiteSpace(query))
                return archive.Usage("give words to look for");
            var scope = RecallCommand.Scope(ctx, archive.Db, EffectiveConfig.Resolve(ctx.Config.Load(), ctx.Env));
            if (ContextRetrieval.Find(scope, query, limit, out var error) is not { } found)
                return archive.Usage($"bad query '{query}': {error}");
            if (format == "messages" || json)
            {
                var report = format == "messages"
                    ? new ContextReport(null, ContextRetrieval.Messages(scope, found), found.Count)
                    : new ContextReport(ContextRetrieval.Text(scope, found), null, found.Count);
                archive.Out.WriteLine(JsonSerializer.Serialize(report, RecallJson.Default.ContextReport));
                return ExitCodes.Ok;
            }
            archive.Out.Write(found.Count == 0 ? "No past session matches.\n" : ContextRetrieval.Text(scope, found));
            return ExitCodes.Ok;
        });
}
