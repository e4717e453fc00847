using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using OpenCodeSync.Json;
using OpenCodeSync.Sync;
using OpenCodeSync.OpenCode;

namespace OpenCodeSync.History;

/// <summary>
/// Stored rows → the bus events OpenCode would have emitted for their final versions, run through
/// <see cref="EventClassifier"/> like live events: backfill and live sync share the whole path from here on.
/// Stored JSON is spliced, not re-serialized, so huge tool outputs and odd strings pass through byte for byte.
/// </summary>
public sealed class HistoryEvents(string sessionId)
{
    private readonly List<EntityUpdate> _updates = [];

    public IReadOnlyList<EntityUpdate> Updates => _updates;

    /// <summary>A <c>session.updated</c> carrying <paramref name="infoJson"/> (an object with its id).</summary>
    public void Session(string infoJson) =>
        Add(EventTypes.SessionUpdated, $"{{\"sessionID\":{Quote(sessionId)},\"info\":{infoJson}}}");

    /// <summary>A <c>message.updated</c> for stored message <paramref name="data"/> (id and sessionID added when missing).</summary>
    public void Message(string id, string data) =>
        Add(EventTypes.MessageUpdated, $"{{\"sessionID\":{Quote(sessionId)},\"info\":{With(data, ("id", id), ("sessionID", sessionId))}}}");

    /// <summary>A <c>message.part.updated</c> for stored part <paramref name="data"/>.</summary>
    public void Part(string id, string messageId, string data) =>
        Add(EventTypes.PartUpdated, $"{{\"sessionID\":{Quote(sessionId)},\"part\":{With(data, ("id", id), ("messageID", messageId), ("sessionID", sessionId))}}}");

    /// <summary>
    /// A past session is over: an id-less <c>session.idle</c> settles it, so replies that never completed
    /// (aborted) are sent, as live sync sends them once the session went idle.
    /// </summary>
    public void Settled() => Add(EventTypes.SessionIdle, $"{{\"sessionID\":{Quote(sessionId)}}}");

    private void Add(string type, string properties)
    {
        var line = Encoding.UTF8.GetBytes($"{{\"type\":{Quote(type)},\"properties\":{properties}}}");
        if (!EventEnvelope.TryParse(line, out var envelope, out var error))
            throw new InvalidDataException(error);
        var c = EventClassifier.Classify(envelope);
        if (c.Error is not null)
            throw new InvalidDataException(c.Error);
        if (c.Update is { } update)
            _updates.Add(update);
    }

    /// <summary><paramref name="json"/> with the given members first when it lacks them; throws when it is not an object.</summary>
    internal static string With(string json, params (string Name, string Value)[] members)
    {
        var body = json.AsSpan().Trim();
        var missing = new StringBuilder();
        bool empty;
        using (var doc = JsonDocument.Parse(json, JsonNodes.DocumentOptions))
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"stored data is a JSON {doc.RootElement.ValueKind}, not an object");
            empty = !doc.RootElement.EnumerateObject().Any();
            foreach (var (name, value) in members)
            {
                if (doc.RootElement.Str(name) is not null)
                    continue;
                if (missing.Length > 0)
                    missing.Append(',');
                missing.Append(Quote(name)).Append(':').Append(Quote(value));
            }
        }
        if (missing.Length == 0)
            return body.ToString();
        return string.Concat("{", missing.ToString(), empty ? "" : ",", body[1..].ToString());
    }

    internal static string Quote(string value)
    {
        var buffer = new ArrayBufferWriter<byte>(value.Length + 2);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            w.WriteStringValue(value);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
