using System.Text;
using System.Text.Json;
using OpenCodeSync.Archive;
using OpenCodeSync.Browse;
using OpenCodeSync.OpenSync;
using OpenCodeSync.Terminal;

namespace OpenCodeSync.Recall;

/// <summary>One message of <c>context --format messages</c>, shaped like OpenSync's <c>/api/context</c>.</summary>
public sealed record ContextMessage(string Role, string Content, ContextSource Metadata);

public sealed record ContextSource(string SessionId, string? SessionTitle);

/// <summary><c>context --json</c>: <c>text</c> or <c>messages</c> (as asked), and how many sessions they come from.</summary>
public sealed record ContextReport(string? Text, IReadOnlyList<ContextMessage>? Messages, int SessionCount);

/// <summary>
/// <c>context</c>: the sessions that best match a query, each as its last messages' text — OpenSync's
/// <c>/api/context</c> for scripts, but local and lexical (FTS ranking, no embeddings).
/// </summary>
public static class ContextRetrieval
{
    public const int MessagesPerSession = 10;
    public const int CharsPerMessage = 1_000;

    /// <summary>The best-matching sessions (best first) and their last messages' text; null when the query is not valid.</summary>
    public static List<(SessionSummary Session, List<MessageRecord> Messages)>? Find(RecallScope scope, string query, int sessions, out string? error)
    {
        var hits = SearchQuery.Run(scope.Db, query, new SessionFilter(), sessions * 20, out error, out _);
        if (hits is { Count: 0 } && SearchQuery.AnyWord(query) is { } any)
            hits = SearchQuery.Run(scope.Db, any, new SessionFilter(), sessions * 20, out _, out _);
        if (hits is null)
            return null;
        var found = new List<(SessionSummary, List<MessageRecord>)>();
        foreach (var id in hits.Where(h => !scope.IsExcluded(h.ProjectPath)).Select(h => h.SessionId).Distinct(StringComparer.Ordinal))
        {
            if (found.Count == sessions)
                break;
            if (scope.Db.Load(id, configured: false) is not { } s)
                continue;
            var messages = s.Messages.TakeLast(MessagesPerSession)
                .Select(m => JsonSerializer.Deserialize(m.RecordJson, ContractJson.Default.MessageRecord)!)
                .Where(m => MessageText.Said(m).Length > 0).ToList();
            found.Add((s.Summary, messages));
        }
        return found;
    }

    public static string Text(RecallScope scope, List<(SessionSummary Session, List<MessageRecord> Messages)> found)
    {
        var sb = new StringBuilder();
        foreach (var (s, messages) in found)
        {
            sb.Append("## ").Append(string.IsNullOrWhiteSpace(s.Title) ? "(untitled)" : TextCells.OneLine(s.Title))
              .Append(" (").Append(s.Id).Append(", ").Append(Numbers.LocalTime(s.CreatedAt, scope.Zone)).Append(")\n");
            foreach (var m in messages)
                sb.Append(m.Role).Append(": ").Append(Content(scope, m)).Append('\n');
            sb.Append('\n');
        }
        return sb.ToString();
    }

    public static List<ContextMessage> Messages(RecallScope scope, List<(SessionSummary Session, List<MessageRecord> Messages)> found) =>
        [.. found.SelectMany(f => f.Messages.Select(m => new ContextMessage(m.Role, Content(scope, m), new ContextSource(f.Session.Id, f.Session.Title))))];

    private static string Content(RecallScope scope, MessageRecord m) =>
        scope.Redact(MessageText.Cut(MessageText.Said(m).Trim(), CharsPerMessage));
}
