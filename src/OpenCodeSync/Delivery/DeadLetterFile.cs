using System.Text;
using System.Text.Json;
using OpenCodeSync.State;

namespace OpenCodeSync.Delivery;

/// <summary>
/// <c>${state}/dead-letter.jsonl</c>: records the backend refused for good, one JSON line each (record, the
/// server's message, time), for a person to read. The database keeps the same rows for <c>status</c>.
/// </summary>
public static class DeadLetterFile
{
    public const string FileName = "dead-letter.jsonl";

    public static void Append(string stateDir, DeadLetter d)
    {
        var line = new MemoryStream();
        using (var w = new Utf8JsonWriter(line))
        {
            w.WriteStartObject();
            w.WriteString("at", DateTimeOffset.FromUnixTimeMilliseconds(d.At));
            w.WriteString("kind", d.Kind);
            w.WriteString("id", d.Id);
            w.WriteString("sessionId", d.SessionId);
            w.WriteString("error", d.Error);
            w.WritePropertyName("record");
            if (IsJson(d.RecordJson))
                w.WriteRawValue(d.RecordJson);
            else
                w.WriteStringValue(d.RecordJson);
            w.WriteEndObject();
        }
        line.WriteByte((byte)'\n');

        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var file = new FileStream(Path.Combine(stateDir, FileName), options);
        file.Write(line.GetBuffer().AsSpan(0, (int)line.Length));
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(Encoding.UTF8.GetBytes(text));
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
