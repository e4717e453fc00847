using System.Text.Json;
using OpenCodeSync.Json;
using OpenCodeSync.Sync;

namespace OpenCodeSync.History;

/// <summary>
/// The JSON tree older OpenCode kept under <c>storage/</c>: <c>session/&lt;projectID&gt;/&lt;id&gt;.json</c>,
/// <c>message/&lt;sessionID&gt;/&lt;id&gt;.json</c>, <c>part/&lt;messageID&gt;/&lt;id&gt;.json</c>.
/// </summary>
public sealed class LegacyStorage(string root) : IHistorySource
{
    public const string DirName = "storage";

    public string Root { get; } = root;

    public string Description => $"JSON storage ({Root})";

    public static bool Exists(string root) => Directory.Exists(System.IO.Path.Combine(root, "session"));

    public IReadOnlyList<HistorySession> Sessions()
    {
        var list = new List<HistorySession>();
        var dir = System.IO.Path.Combine(Root, "session");
        if (!Directory.Exists(dir))
            return list;
        foreach (var file in Directory.EnumerateFiles(dir, "*.json", SearchOption.AllDirectories))
        {
            var id = System.IO.Path.GetFileNameWithoutExtension(file);
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllBytes(file), JsonNodes.DocumentOptions);
                var info = doc.RootElement;
                list.Add(new HistorySession(info.Str("id") ?? id, info.Str("directory"), info.Long("time", "created") ?? 0,
                    info.Long("time", "updated") ?? info.Long("time", "created") ?? 0, file));
            }
            catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // Listed anyway, so the summary reports it as failed rather than it silently vanishing.
                list.Add(new HistorySession(id, null, 0, 0, file));
            }
        }
        list.Sort(static (a, b) => a.Created != b.Created ? a.Created.CompareTo(b.Created) : string.CompareOrdinal(a.Id, b.Id));
        return list;
    }

    public IReadOnlyList<EntityUpdate> Load(HistorySession session)
    {
        var events = new HistoryEvents(session.Id);
        events.Session(HistoryEvents.With(File.ReadAllText(session.Location), ("id", session.Id)));
        foreach (var (messageId, messageFile) in JsonFiles(System.IO.Path.Combine(Root, "message", session.Id)))
        {
            events.Message(messageId, File.ReadAllText(messageFile));
            foreach (var (partId, partFile) in JsonFiles(System.IO.Path.Combine(Root, "part", messageId)))
                events.Part(partId, messageId, File.ReadAllText(partFile));
        }
        events.Settled();
        return events.Updates;
    }

    private static IEnumerable<(string Id, string File)> JsonFiles(string dir) =>
        Directory.Exists(dir)
            ? Directory.EnumerateFiles(dir, "*.json").Select(f => (System.IO.Path.GetFileNameWithoutExtension(f), f)).OrderBy(t => t.Item1, StringComparer.Ordinal)
            : [];

    public void Dispose()
    {
    }
}
