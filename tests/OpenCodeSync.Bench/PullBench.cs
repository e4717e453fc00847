using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OpenCodeSync.OpenSync;

/// <summary>
/// The two halves of the <c>pull</c> benchmark that are not the command itself.
/// <para><c>seed URL KEY SESSIONS MESSAGES</c>: puts sessions of <see cref="SessionGen"/> (the benchmark archive's
/// text, other ids) on a backend through <c>/sync/batch</c> — one request for a group's sessions, then one per
/// message position (message 0 of every session in the group, then message 1, …). The batch route takes no
/// <c>createdAt</c>, so the backend stamps each message with its arrival time; position by position keeps each
/// session's messages in order. Meant to run before the backend's latency is switched on.</para>
/// <para><c>sequential URL KEY</c>: the baseline for <c>pull</c>: the same list requests (limit 100, grown ×4 while
/// full), then each listed session fetched with <c>GET /api/sessions/get</c>, one at a time over one persistent
/// connection, and parsed with the same JSON contract as <c>pull</c>; nothing is stored.</para>
/// </summary>
internal static class PullBench
{
    private const int Group = 250;

    public static async Task<int> SeedAsync(string url, string key, int sessions, int perSession)
    {
        var started = Stopwatch.GetTimestamp();
        var gen = new SessionGen(seed: 7, sessionTag: "Remote", messageTag: "r");
        using var http = Client(key);
        long messages = 0, bytes = 0;
        var requests = 0;
        for (var first = 0; first < sessions; first += Group)
        {
            var group = Enumerable.Range(first, Math.Min(Group, sessions - first)).Select(s => gen.Session(s, perSession)).ToList();
            bytes += await BatchAsync(http, url, "sessions", group.Select(g => g.Session with { CreatedAt = null }).ToList(), ContractJson.Default.SessionRecord);
            requests++;
            for (var m = 0; m < perSession; m++)
            {
                var batch = group.Select(g => g.Messages[m].Record with { CreatedAt = null }).ToList();
                bytes += await BatchAsync(http, url, "messages", batch, ContractJson.Default.MessageRecord);
                messages += batch.Count;
                requests++;
            }
        }

        // One session read back: its messages must come in the order they were generated.
        var list = await GetAsync(http, url + "/api/sessions?limit=1", ContractJson.Default.RemoteSessionsReply);
        var id = list.Sessions?.FirstOrDefault()?.Id ?? throw new InvalidOperationException("seed: the backend lists no session");
        var detail = await GetAsync(http, url + "/api/sessions/get?id=" + Uri.EscapeDataString(id), ContractJson.Default.SessionDetailReply);
        var ids = (detail.Messages ?? []).Select(m => m?.ExternalId ?? "").ToList();
        if (ids.Count != perSession || !ids.SequenceEqual(ids.Order(StringComparer.Ordinal)))
            throw new InvalidOperationException($"seed: session {id} came back with {ids.Count} messages, or out of order: {string.Join(' ', ids)}");

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seed: {sessions} sessions, {messages} messages ({bytes / 1048576.0:F1} MiB of JSON) in {requests} /sync/batch requests, {seconds:F1} s"));
        return 0;
    }

    public static async Task<int> SequentialAsync(string url, string key)
    {
        using var http = Client(key);
        var started = Stopwatch.GetTimestamp();
        List<RemoteSession> listed;
        var lists = 0;
        for (var limit = 100; ; limit *= 4)
        {
            var reply = await GetAsync(http, string.Create(CultureInfo.InvariantCulture, $"{url}/api/sessions?limit={limit}"), ContractJson.Default.RemoteSessionsReply);
            lists++;
            listed = [.. (reply.Sessions ?? []).OfType<RemoteSession>()];
            if (listed.Count < limit)
                break;
        }
        long messages = 0, parts = 0;
        foreach (var s in listed)
        {
            var detail = await GetAsync(http, url + "/api/sessions/get?id=" + Uri.EscapeDataString(s.Id!), ContractJson.Default.SessionDetailReply);
            foreach (var m in detail.Messages ?? [])
            {
                messages++;
                parts += m?.Parts?.Count ?? 0;
            }
        }
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        // Machine-readable for bench.sh: seconds sessions messages, then the rest for people.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{seconds:F3} {listed.Count} {messages} (sequential: {lists} list requests, {listed.Count} sessions, {messages} messages, {parts} parts)"));
        return 0;
    }

    private static HttpClient Client(string key)
    {
        var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    private static async Task<long> BatchAsync<T>(HttpClient http, string url, string field, List<T> items, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray(field);
            foreach (var item in items)
                JsonSerializer.Serialize(w, item, type);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        using var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(url + "/sync/batch", content);
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        var root = doc.RootElement;
        if (!response.IsSuccessStatusCode || root.GetProperty(field).GetInt32() != items.Count || root.GetProperty("errors").GetArrayLength() != 0)
            throw new InvalidOperationException($"seed: /sync/batch with {items.Count} {field} answered {(int)response.StatusCode}: {Shorten(text)}");
        return buffer.Length;
    }

    private static async Task<T> GetAsync<T>(HttpClient http, string url, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        using var response = await http.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}: {Shorten(text)}");
        return JsonSerializer.Deserialize(text, type) ?? throw new InvalidOperationException($"GET {url}: an empty reply");
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
