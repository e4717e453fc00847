using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using OpenCodeSync.Json;

namespace OpenCodeSync.OpenCode;

/// <summary>
/// One bus event, <c>{"id","type","properties"}</c>. Events from OpenCode before Feb 2026 may lack <c>id</c>
/// and <c>properties.sessionID</c>; the session is then taken from the entity the event carries.
/// </summary>
public sealed class EventEnvelope
{
    private EventEnvelope(string? id, string type, string? sessionId, JsonElement properties)
    {
        Id = id;
        Type = type;
        SessionId = sessionId;
        Properties = properties;
    }

    /// <summary>The event id (<c>evt_…</c>, time-sortable), null in older streams.</summary>
    public string? Id { get; }

    public string Type { get; }

    /// <summary>The session the event belongs to, null when neither the event nor its entity names one.</summary>
    public string? SessionId { get; }

    /// <summary>Always a JSON object (empty when the event had none).</summary>
    public JsonElement Properties { get; }

    /// <summary>Parses one event line. Never throws: anything unusable yields a one-line reason.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Line, [NotNullWhen(true)] out EventEnvelope? envelope,
        [NotNullWhen(false)] out string? error)
    {
        envelope = null;
        if (utf8Line.Trim(" \t\r\n"u8).IsEmpty)
        {
            error = "empty event line";
            return false;
        }
        JsonElement root;
        try
        {
            var reader = new Utf8JsonReader(utf8Line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = JsonNodes.MaxReadDepth });
            if (!reader.Read())
            {
                error = "empty event line";
                return false;
            }
            root = JsonElement.ParseValue(ref reader);
            if (reader.Read())
            {
                error = "event line has data after the JSON value";
                return false;
            }
        }
        catch (JsonException ex)
        {
            error = $"event line is not JSON: {ex.Message}";
            return false;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            error = $"event is a JSON {root.ValueKind}, not an object";
            return false;
        }
        if (root.Str("type") is not { Length: > 0 } type)
        {
            error = "event has no string \"type\"";
            return false;
        }
        var props = root.Get("properties");
        if (props is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) })
        {
            error = $"{type}: \"properties\" is a JSON {props.Value.ValueKind}, not an object";
            return false;
        }
        var properties = props is { ValueKind: JsonValueKind.Object } p ? p : EmptyObject;
        envelope = new EventEnvelope(root.Str("id"), type, SessionOf(properties), properties);
        error = null;
        return true;
    }

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;

    private static string? SessionOf(JsonElement properties) =>
        properties.Str("sessionID")
        ?? properties.Str("info", "sessionID")
        ?? properties.Str("part", "sessionID")
        // Session infos carry their own id; message infos have a role and are covered above.
        ?? (properties.Get("info") is { ValueKind: JsonValueKind.Object } info && !info.Has("role") ? info.Str("id") : null);
}
