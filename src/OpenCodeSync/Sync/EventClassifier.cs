using System.Buffers;
using System.Text;
using System.Text.Json;
using OpenCodeSync.Json;
using OpenCodeSync.OpenCode;

namespace OpenCodeSync.Sync;

/// <summary>What one event means for the entity store: a version of one entity, nothing, or an error.</summary>
public readonly record struct Classification(EntityUpdate? Update, string? Error)
{
    public bool IsIgnored => Update is null && Error is null;

    public static Classification Ignore => default;

    public static Classification Fail(string error) => new(null, error);
}

/// <summary>Maps an event to the entity version it carries. Pure: the same event always gives the same result.</summary>
public static class EventClassifier
{
    public static Classification Classify(EventEnvelope e)
    {
        var p = e.Properties;
        switch (e.Type)
        {
            case EventTypes.SessionCreated or EventTypes.SessionUpdated or EventTypes.SessionDeleted:
            {
                if (p.Get("info") is not { ValueKind: JsonValueKind.Object } info || info.Str("id") is not { } id)
                    return Classification.Fail($"{e.Type}: no info.id");
                var json = info.GetRawText();
                var rank = e.Type == EventTypes.SessionDeleted ? EntityRanks.Removed(json) : EntityRanks.Session(info, json);
                return Update(EntityKind.Session, id, e.SessionId ?? id, null, rank, json);
            }
            case EventTypes.MessageUpdated:
            {
                if (p.Get("info") is not { ValueKind: JsonValueKind.Object } info || info.Str("id") is not { } id)
                    return Classification.Fail($"{e.Type}: no info.id");
                if (e.SessionId is not { } session)
                    return Classification.Fail($"{e.Type} {id}: no session id");
                var json = info.GetRawText();
                return Update(EntityKind.Message, id, session, id, EntityRanks.Message(info, json), json);
            }
            case EventTypes.PartUpdated:
            {
                if (p.Get("part") is not { ValueKind: JsonValueKind.Object } part || part.Str("id") is not { } id)
                    return Classification.Fail($"{e.Type}: no part.id");
                if (part.Str("messageID") is not { } message)
                    return Classification.Fail($"{e.Type} {id}: no part.messageID");
                if (e.SessionId is not { } session)
                    return Classification.Fail($"{e.Type} {id}: no session id");
                var json = part.GetRawText();
                return Update(EntityKind.Part, id, session, message, EntityRanks.Part(part, json), json);
            }
            case EventTypes.MessageRemoved:
                return Removal(e, EntityKind.Message, p.Str("messageID"), p.Str("messageID"));
            case EventTypes.PartRemoved:
                return Removal(e, EntityKind.Part, p.Str("partID"), p.Str("messageID"));
            case EventTypes.SessionIdle or EventTypes.SessionError:
                return Settle(e);
            case EventTypes.SessionStatus:
                // busy/retry change nothing that is synced; idle settles the session like session.idle.
                return p.Str("status", "type") == "idle" ? Settle(e) : Classification.Ignore;
            default:
                return Classification.Ignore;
        }
    }

    private static Classification Removal(EventEnvelope e, EntityKind kind, string? id, string? messageId)
    {
        if (id is null)
            return Classification.Fail($"{e.Type}: no {(kind == EntityKind.Part ? "partID" : "messageID")}");
        if (e.SessionId is not { } session)
            return Classification.Fail($"{e.Type} {id}: no session id");
        var json = e.Properties.GetRawText();
        return Update(kind, id, session, messageId, EntityRanks.Removed(json), json);
    }

    private static Classification Settle(EventEnvelope e)
    {
        // session.error may name no session (e.g. a provider failure before one exists): nothing to settle.
        if (e.SessionId is not { } session)
            return e.Type == EventTypes.SessionError ? Classification.Ignore : Classification.Fail($"{e.Type}: no sessionID");
        var json = SettleJson(e.Type, e.Id);
        return Update(EntityKind.Settle, session, session, null, EntityRanks.Settle(e.Id, json), json);
    }

    private static string SettleJson(string type, string? id)
    {
        var buffer = new ArrayBufferWriter<byte>(96);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("event", type);
            if (id is not null)
                w.WriteString("id", id);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static Classification Update(EntityKind kind, string id, string session, string? message, EntityRank rank, string json) =>
        new(new EntityUpdate(kind, id, session, message, rank, json), null);
}
