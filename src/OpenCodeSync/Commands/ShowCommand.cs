using ConsoleAppFramework;
using OpenCodeSync.Browse;
using OpenCodeSync.Hosting;
using OpenCodeSync.Cli;

namespace OpenCodeSync.Commands;

public sealed class ShowCommand(CliContext ctx)
{
    /// <summary>Show one archived session as a transcript: turns, tool calls and results, tokens and cost per turn.</summary>
    /// <param name="id">Session id, or a unique beginning of it (with or without "ses_").</param>
    /// <param name="markdown">Write Markdown instead of terminal text.</param>
    /// <param name="full">Do not fold long tool inputs and outputs.</param>
    /// <param name="json">Print the session's records as JSON ({session, messages, usage}, like export).</param>
    [Command("show")]
    public int Run([Argument] string id, bool markdown = false, bool full = false, bool json = false) =>
        ArchiveReader.Run(ctx, "show", archive =>
        {
            if (markdown && json)
                return archive.Usage("choose one of --markdown, --json");
            if (archive.ResolveSession(id, out var code) is not { } sessionId)
                return code;
            if (archive.Db.Load(sessionId, archive.Configured) is not { } session)
                return archive.Error($"session {sessionId} disappeared from the archive while reading it");
            if (json)
            {
                archive.Out.WriteLine(ExportJson.Document(session));
                return ExitCodes.Ok;
            }
            var options = new TranscriptOptions(markdown, archive.Style, archive.Zone, archive.Width, full ? 0 : 12);
            archive.Out.Write(new Transcript(options).Render(session));
            return ExitCodes.Ok;
        });
}
