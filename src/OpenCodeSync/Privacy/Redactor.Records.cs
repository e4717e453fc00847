using System.Text.Json;
using System.Text.Json.Nodes;
using OpenCodeSync.OpenSync;
using OpenCodeSync.Limits;
using OpenCodeSync.Json;

namespace OpenCodeSync.Privacy;

/// <summary>
/// Records: every string the backend would store, including each string inside part content (tool
/// arguments, results, errors, titles). A string under a secret-looking JSON key (<c>{"apiKey": "…"}</c>)
/// is replaced whole, since its key is all the context there is. Unchanged records and nodes are returned
/// as they are; changed ones are fresh copies, so the caller's objects are never mutated.
/// </summary>
public sealed partial class Redactor
{
    public SessionRecord Redact(SessionRecord record) => Redact(record, out _);

    public SessionRecord Redact(SessionRecord record, out int count)
    {
        count = 0;
        if (!Enabled || record.Title is null)
            return record;
        var title = Redact(record.Title, out count);
        return count == 0 ? record : record with { Title = title };
    }

    public MessageRecord Redact(MessageRecord record) => Redact(record, out _);

    public MessageRecord Redact(MessageRecord record, out int count)
    {
        count = 0;
        if (!Enabled)
            return record;
        var text = record.TextContent is null ? null : Redact(record.TextContent, out count);
        List<PartRecord>? parts = null;
        if (record.Parts is { } original)
        {
            for (var i = 0; i < original.Count; i++)
            {
                var content = RedactNode(original[i].Content, null, ref count);
                if (ReferenceEquals(content, original[i].Content) && parts is null)
                    continue;
                parts ??= original.Take(i).ToList();
                parts.Add(ReferenceEquals(content, original[i].Content) ? original[i] : original[i] with { Content = content ?? JsonValue.Create("") });
            }
        }
        return count == 0 ? record : record with { TextContent = text, Parts = parts ?? record.Parts };
    }

    /// <summary>
    /// A redacted JSON tree: <paramref name="node"/> itself when nothing changed, else a detached copy.
    /// </summary>
    public JsonNode? Redact(JsonNode? node, out int count)
    {
        count = 0;
        return Enabled ? RedactNode(node, null, ref count) : node;
    }

    private JsonNode? RedactNode(JsonNode? node, string? key, ref int count) => node switch
    {
        JsonObject o => RedactObject(o, ref count),
        JsonArray a => RedactArray(a, ref count),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => RedactString(v, key, ref count),
        _ => node,
    };

    private JsonNode RedactString(JsonValue v, string? key, ref int count)
    {
        var s = JsonShapeLimiter.StringOf(v);
        if (s is null)
            return v;
        if (key is not null && SecretKeys.KindOf(key) is { } kind && SecretValues.IsSecret(s, SecretValues.Context.Literal) && !_allowed.Contains(s))
        {
            count++;
            return JsonValue.Create(Marker(SecretKeys.Refine(kind, s)));
        }
        var redacted = Redact(s, out var n);
        count += n;
        return n == 0 ? v : JsonValue.Create(redacted);
    }

    private JsonObject RedactObject(JsonObject o, ref int count)
    {
        JsonObject? copy = null;
        var i = 0;
        foreach (var (key, value) in o)
        {
            var redacted = RedactNode(value, key, ref count);
            if (copy is null && !ReferenceEquals(redacted, value))
            {
                copy = new JsonObject();
                foreach (var (k, v) in o.Take(i))
                    copy[k] = v?.DeepClone();
            }
            if (copy is not null)
                copy[key] = ReferenceEquals(redacted, value) ? value?.DeepClone() : redacted;
            i++;
        }
        return copy ?? o;
    }

    private JsonArray RedactArray(JsonArray a, ref int count)
    {
        JsonArray? copy = null;
        for (var i = 0; i < a.Count; i++)
        {
            var redacted = RedactNode(a[i], null, ref count);
            if (copy is null && !ReferenceEquals(redacted, a[i]))
            {
                copy = [];
                for (var j = 0; j < i; j++)
                    copy.Add(a[j]?.DeepClone());
            }
            if (copy is not null)
                copy.Add(ReferenceEquals(redacted, a[i]) ? a[i]?.DeepClone() : redacted);
        }
        return copy ?? a;
    }
}
