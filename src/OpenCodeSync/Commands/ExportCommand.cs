using System.Text.Json;
using ConsoleAppFramework;
using OpenCodeSync.Archive;
using OpenCodeSync.Browse;
using OpenCodeSync.Hosting;
using OpenCodeSync.Json;
using OpenCodeSync.Terminal;
using OpenCodeSync.Cli;
using OpenCodeSync.Text;

namespace OpenCodeSync.Commands;

/// <summary>The <c>export --json</c> summary.</summary>
public sealed record ExportReport(string Format, string Out, int Sessions, int Messages, IReadOnlyList<string> Files, int Replaced);

public sealed class ExportCommand(CliContext ctx)
{
    /// <summary>The single file of --format jsonl.</summary>
    public const string JsonlFile = "sessions.jsonl";

    /// <summary>Export archived sessions as Markdown (to read) or JSON/JSON Lines (to load back: the exact records).</summary>
    /// <param name="ids">Session ids or unique beginnings of them.</param>
    /// <param name="all">Every archived session (narrow with --project, --since).</param>
    /// <param name="format">md (one readable file per session), json (one {session, messages, usage} file per session) or jsonl (one line per record, one file).</param>
    /// <param name="out">Directory to write into (created when missing).</param>
    /// <param name="overwrite">Replace files that already exist (otherwise nothing is written when any does).</param>
    /// <param name="project">With --all: only this project (a directory and below, or a name).</param>
    /// <param name="since">With --all: only sessions active since (2026-01-31, 7d, …).</param>
    /// <param name="origin">With --all: only sessions recorded here (local) or brought down by 'pull' (pulled).</param>
    /// <param name="json">Print the summary as JSON.</param>
    [Command("export")]
    public int Run(bool all = false, string format = "md", string? @out = null, bool overwrite = false,
        string? project = null, string? since = null, string? origin = null, bool json = false, [Argument] params string[] ids) =>
        ArchiveReader.Run(ctx, "export", archive =>
        {
            // The router hands every word after the first id to the ids array, options included: take them back,
            // so "export ID --format json --out DIR" works as well as options first.
            var words = ids.ToList();
            ids = [.. words.Where((w, i) => !w.StartsWith('-') && (i == 0 || !TakesValue(words[i - 1])))];
            for (var i = 0; i < words.Count; i++)
            {
                var value = i + 1 < words.Count ? words[i + 1] : null;
                switch (words[i])
                {
                    case "--all": all = true; break;
                    case "--overwrite": overwrite = true; break;
                    case "--json": json = true; break;
                    case var o when TakesValue(o) && value is null: return archive.Usage($"{o} needs a value");
                    case "--format": format = value!; i++; break;
                    case "--out": @out = value; i++; break;
                    case "--project": project = value; i++; break;
                    case "--since": since = value; i++; break;
                    case "--origin": origin = value; i++; break;
                    case var o when o.StartsWith('-'):
                        return archive.Usage(NearestWord.Find(o, Options) is { } near ? $"unknown option '{o}'. Did you mean {near}?" : $"unknown option '{o}'");
                }
            }
            if (format is not ("md" or "json" or "jsonl"))
                return archive.Usage($"--format '{format}' is not one of md, json, jsonl");
            if (string.IsNullOrWhiteSpace(@out))
                return archive.Usage("--out DIR is required (where to write the files)");
            if (all == (ids.Length > 0))
                return archive.Usage(all ? "give session ids or --all, not both" : "give session ids, or --all for every session");
            if (!all && (project is not null || since is not null || origin is not null))
                return archive.Usage("--project, --since and --origin go with --all");
            if (!OriginArg.TryParse(origin, out var from, out var originError))
                return archive.Usage(originError!);
            long? sinceMs = null;
            if (since is not null && (sinceMs = SinceArg.Parse(since, ctx.Clock.Now, archive.Zone)) is null)
                return archive.Usage(SinceArg.Invalid(since));

            var sessionIds = new List<string>();
            if (all)
                sessionIds.AddRange(archive.Db.AllSessionIds(ProjectArg.Filter(project, sinceMs, ctx.WorkingDirectory, ctx.Env.HomeDirectory) with { Origin = from }));
            foreach (var id in ids)
            {
                if (archive.ResolveSession(id, out var code) is not { } full)
                    return code;
                if (!sessionIds.Contains(full))
                    sessionIds.Add(full);
            }

            var dir = Path.GetFullPath(Path.IsPathRooted(@out) ? @out : Path.Combine(ctx.WorkingDirectory, @out));
            List<string> files = format == "jsonl" ? [Path.Combine(dir, JsonlFile)] : sessionIds.Select(id => Path.Combine(dir, FileName(id) + "." + format)).ToList();
            var existing = files.Where(File.Exists).ToList();
            if (existing.Count > 0 && !overwrite)
                return archive.Error($"{existing.Count} file(s) already exist in {dir} (e.g. {Path.GetFileName(existing[0])}); nothing written — use --overwrite to replace them");
            Directory.CreateDirectory(dir);

            var messages = format == "jsonl" ? WriteJsonl(archive, sessionIds, files[0]) : WriteEach(archive, sessionIds, files, format);
            if (json)
            {
                archive.Out.WriteLine(JsonSerializer.Serialize(new ExportReport(format, dir, sessionIds.Count, messages, files, existing.Count), ReportJson.Indented.ExportReport));
                return ExitCodes.Ok;
            }
            archive.Out.WriteLine($"Exported {sessionIds.Count} session(s), {Numbers.Count(messages)} message(s), as {format} to {dir}" +
                (existing.Count > 0 ? $" (replaced {existing.Count} existing file(s))." : "."));
            return ExitCodes.Ok;
        });

    private static int WriteEach(ArchiveReader archive, List<string> ids, List<string> files, string format)
    {
        var messages = 0;
        var transcript = new Transcript(new TranscriptOptions(Markdown: true, Style.Plain, archive.Zone, archive.Width, FoldLines: 0));
        for (var i = 0; i < ids.Count; i++)
        {
            if (archive.Db.Load(ids[i], archive.Configured) is not { } session)
                continue; // deleted from the archive since it was listed
            messages += session.Messages.Count;
            ExportFiles.Write(files[i], w => w.Write(format == "md" ? transcript.Render(session) : ExportJson.Document(session) + "\n"));
        }
        return messages;
    }

    private static int WriteJsonl(ArchiveReader archive, List<string> ids, string file)
    {
        var messages = 0;
        ExportFiles.Write(file, w =>
        {
            foreach (var id in ids)
            {
                if (archive.Db.Load(id, archive.Configured) is not { } session)
                    continue;
                messages += session.Messages.Count;
                foreach (var line in ExportJson.Lines(session))
                    w.WriteLine(line);
            }
        });
        return messages;
    }

    /// <summary>What the loop above takes back from the ids; ExportCommandTests checks it against the help.</summary>
    internal static readonly string[] Options = ["--all", "--format", "--out", "--overwrite", "--project", "--since", "--origin", "--json"];

    private static bool TakesValue(string word) => word is "--format" or "--out" or "--project" or "--since" or "--origin";

    /// <summary>Ids are [A-Za-z0-9_]; anything else (an id from an odd source) is replaced to stay one file name.</summary>
    private static string FileName(string id) => string.Concat(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_'));
}
