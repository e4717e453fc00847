using System.Text.Json;

namespace OpenCodeSync.OpenCode;

/// <summary>
/// The bus event types that change what is synced. OpenCode sends every bus event to the plugin (dozens a
/// second while a reply streams), so deciding "irrelevant" must not cost a full parse.
/// </summary>
public static class EventTypes
{
    public const string SessionCreated = "session.created";
    public const string SessionUpdated = "session.updated";
    public const string SessionDeleted = "session.deleted";
    public const string SessionIdle = "session.idle";
    public const string SessionStatus = "session.status";
    public const string SessionError = "session.error";
    public const string MessageUpdated = "message.updated";
    public const string MessageRemoved = "message.removed";
    public const string PartUpdated = "message.part.updated";
    public const string PartRemoved = "message.part.removed";

    // session.compacted is left out on purpose: compaction's effects arrive as message/part events.
    private static readonly byte[][] RelevantUtf8 =
    [
        "message.part.updated"u8.ToArray(), "message.updated"u8.ToArray(), "session.updated"u8.ToArray(),
        "session.status"u8.ToArray(), "session.idle"u8.ToArray(), "session.created"u8.ToArray(),
        "message.part.removed"u8.ToArray(), "message.removed"u8.ToArray(), "session.deleted"u8.ToArray(),
        "session.error"u8.ToArray(),
    ];

    public static bool IsRelevant(string? type) => type is SessionCreated or SessionUpdated or SessionDeleted
        or SessionIdle or SessionStatus or SessionError or MessageUpdated or MessageRemoved or PartUpdated
        or PartRemoved;

    /// <summary>Reads only the top-level <c>type</c> of one event line; allocation-free, never throws.</summary>
    public static bool IsRelevant(ReadOnlySpan<byte> utf8Line)
    {
        if (!TryFindType(utf8Line, out var reader))
            return false;
        foreach (var candidate in RelevantUtf8)
        {
            if (reader.ValueTextEquals(candidate))
                return true;
        }
        return false;
    }

    /// <summary>The top-level <c>type</c> of one event line, or null when the line has none.</summary>
    public static string? ReadType(ReadOnlySpan<byte> utf8Line)
    {
        if (!TryFindType(utf8Line, out var reader))
            return null;
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    // Walks only the top level and skips nested values unread; in 1.18 "type" is the second member,
    // so the big "properties" object is never visited.
    private static bool TryFindType(ReadOnlySpan<byte> utf8Line, out Utf8JsonReader reader)
    {
        reader = new Utf8JsonReader(utf8Line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isType = reader.ValueTextEquals("type"u8);
                if (!reader.Read())
                    return false;
                if (isType)
                    return reader.TokenType == JsonTokenType.String;
                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }
        return false;
    }
}

/// <summary>What the fast type check found in one event line.</summary>
public enum TypeCheck
{
    Relevant,
    Irrelevant,

    /// <summary>No top-level string <c>type</c> before the JSON ended or broke: garbage, truncated, or not an event.</summary>
    NoType,
}

public static class EventTypeCheck
{
    /// <summary>Like <see cref="EventTypes.IsRelevant(ReadOnlySpan{byte})"/>, but tells garbage from an uninteresting type.</summary>
    public static TypeCheck Check(ReadOnlySpan<byte> utf8Line)
    {
        if (EventTypes.IsRelevant(utf8Line))
            return TypeCheck.Relevant;
        return EventTypes.ReadType(utf8Line) is null ? TypeCheck.NoType : TypeCheck.Irrelevant;
    }
}
