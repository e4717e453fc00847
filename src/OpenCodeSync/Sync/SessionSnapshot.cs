using System.Text.Json;
using OpenCodeSync.Json;
using OpenCodeSync.OpenCode;

namespace OpenCodeSync.Sync;

/// <summary>
/// One session as the winning entity versions describe it. Built from entities alone, so a store that
/// persisted (kind, id, session, message, rank, json) rows can rebuild it in any later process.
/// </summary>
public sealed class SessionSnapshot
{
    private SessionSnapshot(string sessionId, JsonElement? info, bool deleted, long? settledKey, IReadOnlyList<MessageSnapshot> messages)
    {
        SessionId = sessionId;
        Info = info;
        Deleted = deleted;
        SettledKey = settledKey;
        Messages = messages;
    }

    public string SessionId { get; }

    /// <summary>The latest session info, null when no session event was seen yet.</summary>
    public JsonElement? Info { get; }

    /// <summary>The session was deleted in OpenCode (<see cref="Info"/> is then its last info).</summary>
    public bool Deleted { get; }

    /// <summary>
    /// Time key (see <see cref="OpenCodeIds"/>) of the latest idle/error signal; 0 when that signal had no
    /// id (older OpenCode: time unknown); null when the session never settled.
    /// </summary>
    public long? SettledKey { get; }

    /// <summary>Live messages that have an info, oldest first; removed ones and orphan parts are left out.</summary>
    public IReadOnlyList<MessageSnapshot> Messages { get; }

    /// <summary>Builds the snapshot of <paramref name="sessionId"/>; entities of other sessions are skipped.</summary>
    public static SessionSnapshot Build(string sessionId, IEnumerable<EntityUpdate> entities)
    {
        JsonElement? info = null;
        var deleted = false;
        long? settled = null;
        var messages = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var removedMessages = new HashSet<string>(StringComparer.Ordinal);
        var parts = new Dictionary<string, List<PartSnapshot>>(StringComparer.Ordinal);

        foreach (var e in entities)
        {
            if (!string.Equals(e.SessionId, sessionId, StringComparison.Ordinal))
                continue;
            switch (e.Kind)
            {
                case EntityKind.Session when ParseObject(e.Json) is { } s:
                    info = s;
                    deleted = e.Removed;
                    break;
                case EntityKind.Message when e.Removed:
                    removedMessages.Add(e.EntityId);
                    break;
                case EntityKind.Message when ParseObject(e.Json) is { } m:
                    messages[e.EntityId] = m;
                    break;
                case EntityKind.Part when !e.Removed && e.MessageId is { } mid && ParseObject(e.Json) is { } p:
                    if (!parts.TryGetValue(mid, out var list))
                        parts[mid] = list = [];
                    list.Add(new PartSnapshot(e.EntityId, p.Str("type") ?? "", p));
                    break;
                case EntityKind.Settle:
                    settled = ParseObject(e.Json)?.Str("id") is { } id ? OpenCodeIds.TimeKey(id) ?? 0 : 0;
                    break;
            }
        }

        var ordered = new List<MessageSnapshot>(messages.Count);
        foreach (var (id, m) in messages)
        {
            if (removedMessages.Contains(id))
                continue;
            var own = parts.TryGetValue(id, out var l) ? l : [];
            // Part ids are ascending (time-sortable), which is the order OpenCode shows them in.
            own.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
            ordered.Add(new MessageSnapshot(id, m, own));
        }
        ordered.Sort(static (a, b) =>
        {
            var c = (a.Created ?? long.MaxValue).CompareTo(b.Created ?? long.MaxValue);
            return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
        });
        return new SessionSnapshot(sessionId, info, deleted, settled, ordered);
    }

    /// <summary>True when the session went idle (or failed) after <paramref name="epochMs"/>.</summary>
    public bool SettledAfter(long? epochMs) =>
        SettledKey switch
        {
            null => false,
            0 => true,   // id-less signal from older OpenCode: assume it covers what is known
            var key => epochMs is null || key > OpenCodeIds.TimeKeyOfMs(epochMs.Value),
        };

    private static JsonElement? ParseObject(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, JsonNodes.DocumentOptions);
            return doc.RootElement.ValueKind == JsonValueKind.Object ? doc.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;   // a corrupt stored row must not hide the rest of the session
        }
    }
}

/// <summary>A message's latest info and its live parts in order.</summary>
public sealed class MessageSnapshot(string id, JsonElement info, IReadOnlyList<PartSnapshot> parts)
{
    public string Id { get; } = id;

    public JsonElement Info { get; } = info;

    public IReadOnlyList<PartSnapshot> Parts { get; } = parts;

    public string Role => Info.Str("role") ?? "unknown";

    public long? Created => Info.Long("time", "created");

    public long? Completed => Info.Long("time", "completed");
}

/// <summary>A part's latest JSON.</summary>
public sealed record PartSnapshot(string Id, string Type, JsonElement Json);
