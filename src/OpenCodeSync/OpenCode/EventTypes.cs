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

    /// <summary>
    /// Every type that changes a record: the one list (the plugin's <c>lib/events.js</c> forwards exactly these,
    /// checked by a test). session.compacted is left out on purpose: its effects arrive as message/part events.
    /// Ordered by how often each arrives while a reply streams, so the common case matches first.
    /// </summary>
    public static readonly string[] Relevant =
    [
        PartUpdated, MessageUpdated, SessionUpdated, SessionStatus, SessionIdle, SessionCreated,
        PartRemoved, MessageRemoved, SessionDeleted, SessionError,
    ];

    private static readonly byte[][] RelevantUtf8 = Utf8(Relevant);

    public static bool IsRelevant(string? type)
    {
        foreach (var candidate in Relevant)
        {
            if (string.Equals(candidate, type, StringComparison.Ordinal))
                return true;
        }
        return false;
    }

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

    private static byte[][] Utf8(string[] types)
    {
        var bytes = new byte[types.Length][];
        for (var i = 0; i < types.Length; i++)
            bytes[i] = System.Text.Encoding.UTF8.GetBytes(types[i]);
        return bytes;
    }
}
