using System.Text;
using System.Text.Json;
using OpenCodeSync.Archive;

namespace OpenCodeSync.Browse;

/// <summary>
/// A session as JSON a program loads back: the stored record JSON copied byte for byte (so a round trip loses
/// nothing), plus the archive-only numbers per message under <c>usage</c>.
/// </summary>
public static class ExportJson
{
    /// <summary><c>{"session": SessionRecord, "messages": [MessageRecord…], "usage": [{id, input, …}]}</c> — the shape of <c>sync --export</c> plus usage.</summary>
    public static string Document(StoredSession s)
    {
        var sb = new StringBuilder(s.RecordJson.Length + s.Messages.Sum(m => m.RecordJson.Length + 140) + 64);
        sb.Append("{\"session\":").Append(s.RecordJson).Append(",\"messages\":[");
        for (var i = 0; i < s.Messages.Count; i++)
            sb.Append(i == 0 ? "" : ",").Append(s.Messages[i].RecordJson);
        sb.Append("],\"usage\":[");
        for (var i = 0; i < s.Messages.Count; i++)
            sb.Append(i == 0 ? "" : ",").Append(Usage(s.Messages[i].Usage));
        return sb.Append("]}").ToString();
    }

    /// <summary>One line per record: <c>{"kind":"session","record":…}</c>, then <c>{"kind":"message","record":…,"usage":…}</c> per message.</summary>
    public static IEnumerable<string> Lines(StoredSession s)
    {
        yield return "{\"kind\":\"session\",\"record\":" + s.RecordJson + "}";
        foreach (var m in s.Messages)
            yield return "{\"kind\":\"message\",\"record\":" + m.RecordJson + ",\"usage\":" + Usage(m.Usage) + "}";
    }

    public static string Usage(MessageUsage u)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("id", u.Id);
            w.WriteNumber("input", u.Input);
            w.WriteNumber("output", u.Output);
            w.WriteNumber("reasoning", u.Reasoning);
            w.WriteNumber("cacheRead", u.CacheRead);
            w.WriteNumber("cacheWrite", u.CacheWrite);
            w.WriteNumber("cost", u.Cost);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
