using System.Text.Json.Nodes;
using OpenSync.ContractServer.Json;
using OpenSync.ContractServer.Validation;

namespace OpenSync.ContractServer.Storage;

/// <summary>The queries behind the read routes: each reads one snapshot and pays for every document it reads.</summary>
internal sealed partial class Store
{
    /// <summary>Messages by their session's id: built by the first read after a write, dropped by every write.</summary>
    private Dictionary<string, List<StoredMessage>>? _messagesBySession;

    /// <summary>What <c>v.id("sessions")</c> lets through, as far as this store's ids have a shape.</summary>
    public static bool IsWellFormedId(string id) => id.Length == 32 && id.All(c => IdAlphabet.Contains(c, StringComparison.Ordinal));

    /// <summary>The <paramref name="limit"/> most recently updated sessions, newest first.</summary>
    public IReadOnlyList<StoredSession> RecentSessions(int limit, ReadBudget budget)
    {
        lock (_gate)
        {
            List<StoredSession> sessions =
                [.. _sessions.Values.OrderByDescending(x => x.UpdatedAt).ThenByDescending(x => x.Id, StringComparer.Ordinal).Take(limit)];
            foreach (var session in sessions) budget.Read(Documents.Session(session));
            return sessions;
        }
    }

    /// <summary>A session by its own id with its messages, oldest first; null when there is none.</summary>
    public (StoredSession Session, IReadOnlyList<StoredMessage> Messages)? SessionWithMessages(string id, ReadBudget budget)
    {
        lock (_gate)
        {
            var session = _sessions.Values.FirstOrDefault(x => x.Id == id);
            if (session is null) return null;
            budget.Read(Documents.Session(session));
            // The backend reads a session's messages through an index (by_session); a scan of every message per
            // read made this server, not the client, the bottleneck of a many-session pull.
            _messagesBySession ??= _messages.Values.GroupBy(m => m.SessionId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            List<StoredMessage> messages = _messagesBySession.TryGetValue(id, out var ofSession)
                ? [.. ofSession.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id, StringComparer.Ordinal)]
                : [];
            foreach (var message in messages)
            {
                budget.Read(Documents.Message(message));
                // Parts are their own table, so returning them reads one document each.
                foreach (var part in message.Parts) budget.Read(Documents.Part(message.Id, part));
            }
            return (session, messages);
        }
    }
}

/// <summary>Convex caps the documents and bytes one query execution may read.</summary>
internal sealed class ReadBudget(int maxDocuments, int maxBytes)
{
    private const string Advice =
        "Consider using smaller limits in your queries, paginating your queries, or using indexed queries with a selective index range expressions.";

    private int _documents;
    private long _bytes;

    public void Read(JsonObject document)
    {
        if (++_documents > maxDocuments)
            throw new ContractException(
                $"Error: Too many documents read in a single function execution (limit: {maxDocuments}). {Advice}");
        _bytes += JsonText.Utf8(document).Length;
        if (_bytes > maxBytes)
            throw new ContractException(
                $"Error: Too many bytes read in a single function execution (limit: {maxBytes} bytes). {Advice}");
    }
}
