using System.Globalization;
using System.Text.Json;
using OpenCodeSync.Archive;
using OpenCodeSync.Browse;
using OpenCodeSync.OpenSync;
using OpenCodeSync.Terminal;

namespace OpenCodeSync.Recall;

/// <summary>
/// <c>history_read</c>: one session as a transcript excerpt — who said what, which tools ran with trimmed results —
/// from a given message or around the first match of a query, capped, with where to continue.
/// </summary>
public static class HistoryRead
{
    public const int MinChars = 500;
    public const int MaxChars = 20_000;

    public static string Run(RecallScope scope, RecallRequest r)
    {
        if (r.Text("session") is not { } input)
            return "history_read needs a session: its id as history_search prints it (e.g. ses_1a2b3c4d5e6f).";
        if (SessionLookup.Find(scope.Db, input, out var problem) is not { } id)
            return $"history_read: {problem}.";
        if (scope.Db.Load(id, configured: false) is not { } session || scope.IsExcluded(session.Summary.ProjectPath))
            return $"history_read: no session '{input}' in the archive.";
        var cap = Math.Clamp(r.Number("max_chars") ?? RecallScope.MaxChars, MinChars, MaxChars);

        var messages = session.Messages.Select(m => JsonSerializer.Deserialize(m.RecordJson, ContractJson.Default.MessageRecord)!).ToList();
        var query = r.Text("query");
        // Each message's text once: all of them to find the query, else only the ones shown.
        var texts = query is null ? null : messages.Select(MessageText.Full).ToList();
        var match = texts is null ? -1 : FirstMatch(texts, query!);
        var from = r.Number("from") is { } f ? Math.Clamp(f, 1, Math.Max(1, messages.Count)) - 1
            : match >= 0 ? Math.Max(0, match - 1) // one message before the match: the question it answers
            : 0;

        var text = new CappedText(cap - 200);
        text.TryAdd(scope.Redact(Header(scope, session)));
        if (query is not null && match < 0 && r.Number("from") is null)
            text.TryAdd(scope.Redact($"('{query}' does not occur in this session: shown from the start.)\n"));
        var last = from - 1;
        for (var i = from; i < messages.Count; i++)
        {
            var block = scope.Redact(Block(scope, messages[i], texts?[i] ?? MessageText.Full(messages[i]), i + 1));
            if (i == from)
            {
                // The first message is cut rather than left out: an excerpt must show something.
                last = i;
                if (!text.AddCut(block))
                    break;
            }
            else if (text.TryAdd(block))
                last = i;
            else
                break;
        }
        var shown = string.Create(CultureInfo.InvariantCulture, $"messages {from + 1}–{last + 1} of {messages.Count}");
        var footer = messages.Count == 0 ? "\n[The session has no messages.]"
            : last + 1 < messages.Count ? $"\n[{shown}; continue with from: {last + 2}]"
            : $"\n[{shown}; end of session]";
        return text + footer;
    }

    private static string Header(RecallScope scope, StoredSession session)
    {
        var s = session.Summary;
        var title = string.IsNullOrWhiteSpace(s.Title) ? "(untitled)" : TextCells.OneLine(s.Title);
        var project = s.ProjectPath is null ? s.ProjectName ?? "-" : $"{s.ProjectName ?? "-"} ({s.ProjectPath})";
        var origin = s.Sync == SyncStates.Pulled ? " · from another machine (pulled)" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"Session {scope.Db.ShortId(s.Id)} \"{title}\" · {project} · started {Numbers.LocalTime(s.CreatedAt, scope.Zone)} · {s.Messages} messages{origin}\n");
    }

    private static string Block(RecallScope scope, MessageRecord m, string body, int n)
    {
        var when = m.CreatedAt is { } at ? " · " + Numbers.LocalTime(at, scope.Zone, "yyyy-MM-dd HH:mm:ss") : "";
        return string.Create(CultureInfo.InvariantCulture, $"\n--- [{n}] {m.Role}{when}\n{(body.Length == 0 ? "(no text)\n" : body)}");
    }

    /// <summary>The first message holding every word of <paramref name="query"/>, else the first holding any; -1 when none.</summary>
    private static int FirstMatch(List<string> texts, string query)
    {
        var words = query.Replace('"', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
            return -1;
        var all = texts.FindIndex(t => words.All(w => t.Contains(w, StringComparison.OrdinalIgnoreCase)));
        return all >= 0 ? all : texts.FindIndex(t => words.Any(w => t.Contains(w, StringComparison.OrdinalIgnoreCase)));
    }
}
