using System.Text;
using ConsoleAppFramework;
using OpenCodeSync.Hosting;
using OpenCodeSync.Cli;

namespace OpenCodeSync.Commands;

/// <summary>One line of the log, as <c>logs --json</c> prints it; a line not in the log's own format is all message.</summary>
public sealed partial record LogEntry(string? At, string? Level, string? Component, string Message)
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^(\S+Z) +([A-Z]+) +([^:\s]+): (.*)$")]
    private static partial System.Text.RegularExpressions.Regex Shape();

    public static LogEntry Parse(string line)
    {
        // "2026-12-08T01:12:11.204Z WARN  deliver: message" (the level is padded to one width)
        var m = Shape().Match(line);
        return m.Success
            ? new LogEntry(m.Groups[1].Value, m.Groups[2].Value.ToLowerInvariant(), m.Groups[3].Value, m.Groups[4].Value)
            : new LogEntry(null, null, null, line);
    }
}

[ConsoleAppFilter<ErrorFilter>]
public sealed class LogsCommand(CliContext ctx)
{
    private static readonly TimeSpan FollowPoll = TimeSpan.FromMilliseconds(250);

    /// <summary>Show the log of the hook and background delivery (rejected events, delivery errors).</summary>
    /// <param name="lines">How many of the last lines to print.</param>
    /// <param name="follow">Keep printing lines as they are written, until Ctrl-C.</param>
    /// <param name="path">Only print where the log file is.</param>
    /// <param name="json">Print the lines as a JSON array of {at, level, component, message}.</param>
    [Command("logs")]
    public async Task<int> RunAsync(int lines = 50, bool follow = false, bool path = false, bool json = false, CancellationToken cancellationToken = default)
    {
        var log = ctx.Log;
        if (path)
        {
            ctx.Console.Out.WriteLine(log.Path);
            return ExitCodes.Ok;
        }

        if (lines < 0)
        {
            ctx.Console.Error.WriteLine("opencode-sync logs: --lines must be 0 or more");
            return ExitCodes.Usage;
        }

        if (json && follow)
        {
            ctx.Console.Error.WriteLine("opencode-sync logs: choose one of --json, --follow");
            return ExitCodes.Usage;
        }

        if (json)
        {
            var entries = Tail(log, lines).Select(LogEntry.Parse).ToList();
            ctx.Console.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(entries, ReportJson.Indented.ListLogEntry));
            return ExitCodes.Ok;
        }

        foreach (var line in Tail(log, lines))
        {
            ctx.Console.Out.WriteLine(line);
        }

        if (!follow)
        {
            if (!File.Exists(log.Path) && !File.Exists(log.RotatedPath))
            {
                ctx.Console.Error.WriteLine($"opencode-sync logs: nothing logged yet ({log.Path})");
            }

            return ExitCodes.Ok;
        }

        await FollowAsync(log.Path, cancellationToken).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static List<string> Tail(FileLog log, int count)
    {
        var result = new List<string>();
        if (count == 0)
        {
            return result;
        }

        // The current file first; the rotated one only if the current holds fewer lines than asked for.
        result.AddRange(LastLines(log.Path, count));
        if (result.Count < count)
        {
            result.InsertRange(0, LastLines(log.RotatedPath, count - result.Count));
        }

        return result;
    }

    private static IEnumerable<string> LastLines(string file, int count)
    {
        string text;
        try
        {
            text = File.ReadAllText(file, Encoding.UTF8); // at most ~1 MiB (FileLog rotates)
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }

        var all = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return all.Length <= count ? all : all[^count..];
    }

    private async Task FollowAsync(string file, CancellationToken ct)
    {
        long position = File.Exists(file) ? new FileInfo(file).Length : 0;
        var pending = new StringBuilder();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(FollowPoll, ct).ConfigureAwait(false);
                var length = File.Exists(file) ? new FileInfo(file).Length : 0;
                if (length < position)
                {
                    position = 0; // rotated: the new file starts over
                }

                if (length == position)
                {
                    continue;
                }

                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                stream.Position = position;
                using var reader = new StreamReader(stream, Encoding.UTF8);
                pending.Append(await reader.ReadToEndAsync(ct).ConfigureAwait(false));
                position = stream.Position;
                var text = pending.ToString();
                var lastNewline = text.LastIndexOf('\n');
                if (lastNewline >= 0)
                {
                    ctx.Console.Out.Write(text[..(lastNewline + 1)]);
                    ctx.Console.Out.Flush();
                    pending.Clear().Append(text[(lastNewline + 1)..]);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl-C is how --follow ends.
        }
        catch (FileNotFoundException)
        {
            // Rotated between the check and the open; the next poll sees the new file.
            await FollowAsync(file, ct).ConfigureAwait(false);
        }
    }
}
