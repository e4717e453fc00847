using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenCodeSync.Sync;
using Server = OpenSync.ContractServer.ContractServer;

namespace OpenCodeSync.Tests.Support;

/// <summary>
/// What a backend holds (or should hold), flattened to ordered <c>key = value</c> fields so two states compare
/// field by field and a mismatch names the first field that differs (<c>ses_x.createdAt 1765… != 1712…</c>).
/// </summary>
/// <remarks>
/// Keys: <c>{session}</c> (presence), <c>{session}.{field}</c>, <c>{session}/{message}</c> (presence),
/// <c>{session}/{message}.{field}</c>, <c>{session}/{message}.parts</c> (count) and <c>….parts[i].type|content</c>.
/// Everything the backend keeps is in, except its own ids, <c>updatedAt</c> and write counters. A field the
/// backend leaves unset is <see cref="Absent"/>.
/// </remarks>
public sealed class BackendState
{
    public const string Absent = "<absent>";

    /// <summary>Session fields in the order they are compared (the first difference is reported).</summary>
    public static readonly string[] SessionFields =
    [
        "createdAt", "autoCreated", "promptTokens", "completionTokens", "totalTokens", "cost", "messageCount", "durationMs",
        "title", "projectPath", "projectName", "model", "provider", "source",
    ];

    /// <summary>The session fields that come from the session's own info (nothing to expect when it never arrived).</summary>
    public static readonly string[] SessionInfoFields = ["title", "projectPath", "projectName", "model", "provider", "durationMs"];

    private readonly List<KeyValuePair<string, string>> _fields;
    private readonly Dictionary<string, string> _byKey;

    private BackendState(List<KeyValuePair<string, string>> fields)
    {
        _fields = fields;
        _byKey = fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
    }

    public IReadOnlyList<KeyValuePair<string, string>> Fields => _fields;

    public string? this[string key] => _byKey.GetValueOrDefault(key);

    /// <summary>Everything <paramref name="server"/> holds now.</summary>
    public static BackendState Capture(Server server)
    {
        var b = new Builder();
        var messages = server.Messages;
        foreach (var s in server.Sessions.OrderBy(s => s.ExternalId, StringComparer.Ordinal))
        {
            b.Session(s.ExternalId, new Dictionary<string, string>
            {
                ["createdAt"] = Num(s.CreatedAt),
                ["autoCreated"] = s.AutoCreated ? "true" : "false",
                ["promptTokens"] = Num(s.PromptTokens),
                ["completionTokens"] = Num(s.CompletionTokens),
                ["totalTokens"] = Num(s.TotalTokens),
                ["cost"] = Num(s.Cost),
                ["messageCount"] = Num(s.MessageCount),
                ["durationMs"] = Num(s.DurationMs),
                ["title"] = Str(s.Title),
                ["projectPath"] = Str(s.ProjectPath),
                ["projectName"] = Str(s.ProjectName),
                ["model"] = Str(s.Model),
                ["provider"] = Str(s.Provider),
                ["source"] = Str(s.Source),
            });
            foreach (var m in messages.Where(m => m.SessionExternalId == s.ExternalId).OrderBy(m => m.ExternalId, StringComparer.Ordinal))
            {
                b.Message(s.ExternalId, m.ExternalId, Str(m.Role), Str(m.TextContent), Str(m.Model), Num(m.PromptTokens),
                    Num(m.CompletionTokens), Num(m.DurationMs), Num(m.CreatedAt),
                    [.. m.Parts.OrderBy(p => p.Order).Select(p => (p.Type, CanonicalJson.Of(p.Content.GetRawText())))]);
            }
        }
        // A message whose session document is gone would be a server bug, but it must not vanish from the state.
        foreach (var m in messages.Where(m => server.FindSession(m.SessionExternalId) is null).OrderBy(m => m.ExternalId, StringComparer.Ordinal))
        {
            b.Message(m.SessionExternalId, m.ExternalId, Str(m.Role), Str(m.TextContent), Str(m.Model), Num(m.PromptTokens),
                Num(m.CompletionTokens), Num(m.DurationMs), Num(m.CreatedAt),
                [.. m.Parts.OrderBy(p => p.Order).Select(p => (p.Type, CanonicalJson.Of(p.Content.GetRawText())))]);
        }
        return b.Build();
    }

    /// <summary>
    /// What the backend should hold after <paramref name="lines"/> (OpenCode event lines in their recorded order:
    /// the last version of a message is its final one) were delivered, in whatever order they arrived. The numbers that matter here come straight from the raw events, not from the code under test:
    /// a session's <c>createdAt</c> is its info's <c>time.created</c> (or, when no info ever came, its earliest
    /// message's), its tokens and cost are the sums over its assistant messages (prompt = input + cache.read +
    /// cache.write, completion = output + reasoning, as TokenMath defines the two columns), its duration runs from
    /// <c>createdAt</c> to the last activity (the info's <c>time.updated</c>, every message's created/completed),
    /// and each message's tokens, duration and <c>createdAt</c> are its own. Titles, paths, models and the converted
    /// parts are what the record builder makes of the fold (their conversion is tested elsewhere).
    /// </summary>
    public static BackendState Expected(IEnumerable<string> lines, RecordOptions? options = null)
    {
        var list = lines.ToList();
        var raw = RawEvents.Read(list);
        var fold = Folding.Fold(list);
        var b = new Builder();
        foreach (var sid in raw.SessionIds)
        {
            var msgs = raw.MessagesOf(sid);
            long prompt = 0, completion = 0;
            double cost = 0;
            foreach (var m in msgs.Where(m => (string?)m["role"] == "assistant"))
            {
                prompt += Count(m, "input") + Count(m, "cache", "read") + Count(m, "cache", "write");
                completion += Count(m, "output") + Count(m, "reasoning");
                cost += Math.Max(0, (double?)m["cost"] ?? 0);
            }

            var created = raw.SessionCreated(sid) ?? msgs.Select(m => (long?)m["time"]?["created"]).Min();
            var hasInfo = raw.SessionCreated(sid) is not null;
            var last = new[] { raw.SessionUpdated(sid) }
                .Concat(msgs.Select(m => (long?)m["time"]?["created"]))
                .Concat(msgs.Select(m => (long?)m["time"]?["completed"]))
                .Max();
            var snap = fold.Snapshot(sid);
            var record = RecordBuilder.BuildSession(snap, options);
            var fields = new Dictionary<string, string>
            {
                ["createdAt"] = Num(created),
                ["autoCreated"] = "false",
                ["promptTokens"] = Num(prompt),
                ["completionTokens"] = Num(completion),
                ["totalTokens"] = Num(prompt + completion),
                ["cost"] = Num(cost),
                ["messageCount"] = Num(msgs.Count),
                ["source"] = Str(RecordBuilder.Source),
            };
            if (hasInfo)
            {
                fields["durationMs"] = Num(created is { } c && last is { } l && l >= c ? l - c : null);
                fields["title"] = Str(record.Title);
                fields["projectPath"] = Str(record.ProjectPath);
                fields["projectName"] = Str(record.ProjectName);
                fields["model"] = Str(record.Model);
                fields["provider"] = Str(record.Provider);
            }
            b.Session(sid, fields);

            foreach (var m in msgs)
            {
                var id = (string)m["id"]!;
                var built = snap.Messages.FirstOrDefault(x => x.Id == id) is { } ms ? RecordBuilder.BuildMessage(snap, ms, options) : null;
                var assistant = (string?)m["role"] == "assistant";
                long? mCreated = (long?)m["time"]?["created"], mCompleted = (long?)m["time"]?["completed"];
                b.Message(sid, id,
                    Str((string?)m["role"]),
                    Str(built?.TextContent),
                    Str(built?.Model),
                    assistant ? Num(Positive(Count(m, "input") + Count(m, "cache", "read") + Count(m, "cache", "write"))) : Absent,
                    assistant ? Num(Positive(Count(m, "output") + Count(m, "reasoning"))) : Absent,
                    assistant && mCreated is { } mc && mCompleted is { } md && md >= mc ? Num(md - mc) : Absent,
                    Num(mCreated),
                    [.. (built?.Parts ?? []).Select(p => (p.Type, CanonicalJson.Of(p.Content.ToJsonString())))]);
            }
        }
        return b.Build();
    }

    /// <summary>This state without the given session fields (for sessions that never had the info they come from).</summary>
    public BackendState WithoutSessionFields(params string[] names) =>
        new([.. _fields.Where(f => !names.Any(n => IsSessionField(f.Key, n)))]);

    /// <summary>Every difference, in field order: <c>key actual != expected</c>.</summary>
    public IReadOnlyList<string> DifferencesFrom(BackendState expected)
    {
        var diffs = new List<string>();
        foreach (var (key, want) in expected._fields)
        {
            var got = _byKey.GetValueOrDefault(key) ?? Absent;
            if (got != want)
                diffs.Add($"{key} {Short(got)} != {Short(want)}");
        }
        foreach (var (key, got) in _fields.Where(f => !expected._byKey.ContainsKey(f.Key)))
        {
            if (got != Absent)
                diffs.Add($"{key} {Short(got)} != {Absent} (not expected)");
        }
        return diffs;
    }

    /// <summary>
    /// Null when this state equals <paramref name="expected"/>; else one line for an assertion message:
    /// <c>"{label}: first-difference (N field(s) differ; then: …)"</c>, read as <c>actual != expected</c>.
    /// </summary>
    public string? Mismatch(string label, BackendState expected)
    {
        var diffs = DifferencesFrom(expected);
        if (diffs.Count == 0)
            return null;
        var more = diffs.Count > 1 ? $"; then: {string.Join("; ", diffs.Skip(1).Take(5))}{(diffs.Count > 6 ? "; …" : "")}" : "";
        return $"{label}: {diffs[0]} (actual != expected; {diffs.Count} field(s) differ{more})";
    }

    public override string ToString() => string.Join(Environment.NewLine, _fields.Select(f => $"{f.Key} = {f.Value}"));

    private static bool IsSessionField(string key, string name) =>
        key.EndsWith("." + name, StringComparison.Ordinal) && !key.Contains('/', StringComparison.Ordinal);

    private static long Count(JsonNode m, string name, string? sub = null)
    {
        var node = sub is null ? m["tokens"]?[name] : m["tokens"]?[name]?[sub];
        return Math.Max(0, node is JsonValue v && v.TryGetValue<long>(out var n) ? n : (long?)(double?)node ?? 0);
    }

    private static long? Positive(long n) => n > 0 ? n : null;

    private static string Short(string value) => value.Length <= 120 ? value : value[..117] + "...";

    public static string Str(string? s) => s is null ? Absent : JsonSerializer.Serialize(s);

    public static string Num(double? d) =>
        d is not { } v ? Absent
        : v == Math.Floor(v) && Math.Abs(v) < 1e15 ? ((long)v).ToString(CultureInfo.InvariantCulture)
        // Costs are sums of doubles: the order of summation may differ in the last bits, not in ten decimals.
        : Math.Round(v, 10).ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Every session's fields first, then the messages: a wrong session field is the first difference named.</summary>
    private sealed class Builder
    {
        private readonly List<KeyValuePair<string, string>> _sessions = [];
        private readonly List<KeyValuePair<string, string>> _fields = [];

        public void Session(string sid, IReadOnlyDictionary<string, string> values)
        {
            _sessions.Add(KeyValuePair.Create(sid, "session"));
            foreach (var name in SessionFields)
            {
                if (values.TryGetValue(name, out var v))
                    _sessions.Add(KeyValuePair.Create($"{sid}.{name}", v));
            }
        }

        public void Message(string sid, string id, string role, string text, string model, string prompt, string completion,
            string duration, string createdAt, IReadOnlyList<(string Type, string Content)> parts)
        {
            var k = $"{sid}/{id}";
            Add(k, "message");
            Add(k + ".role", role);
            Add(k + ".createdAt", createdAt);
            Add(k + ".promptTokens", prompt);
            Add(k + ".completionTokens", completion);
            Add(k + ".durationMs", duration);
            Add(k + ".model", model);
            Add(k + ".textContent", text);
            Add(k + ".parts", parts.Count.ToString(CultureInfo.InvariantCulture));
            for (var i = 0; i < parts.Count; i++)
            {
                Add($"{k}.parts[{i}].type", Str(parts[i].Type));
                Add($"{k}.parts[{i}].content", parts[i].Content);
            }
        }

        private void Add(string key, string value) => _fields.Add(KeyValuePair.Create(key, value));

        public BackendState Build() => new([.. _sessions, .. _fields]);
    }

    /// <summary>The raw events, read without the code under test: each session's info times and each message's last info.</summary>
    private sealed class RawEvents
    {
        private readonly Dictionary<string, List<long>> _created = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _updated = new(StringComparer.Ordinal);
        private readonly Dictionary<string, JsonNode> _messages = new(StringComparer.Ordinal);
        private readonly List<string> _sessions = [];

        public IReadOnlyList<string> SessionIds => [.. _sessions.Order(StringComparer.Ordinal)];

        public static RawEvents Read(IEnumerable<string> lines)
        {
            var r = new RawEvents();
            foreach (var line in lines)
            {
                var e = JsonNode.Parse(line)!;
                var type = (string?)e["type"];
                var info = e["properties"]?["info"];
                switch (type)
                {
                    case "session.created" or "session.updated" when info is not null:
                    {
                        var sid = (string)info["id"]!;
                        r.Saw(sid);
                        if ((long?)info["time"]?["created"] is { } c)
                            (r._created.TryGetValue(sid, out var l) ? l : r._created[sid] = []).Add(c);
                        if ((long?)info["time"]?["updated"] is { } u)
                            r._updated[sid] = Math.Max(u, r._updated.GetValueOrDefault(sid));
                        break;
                    }
                    case "message.updated" when info is not null:
                    {
                        // In recorded order the last version of a message is its final one.
                        r.Saw((string)info["sessionID"]!);
                        r._messages[(string)info["id"]!] = info;
                        break;
                    }
                    case "session.deleted" or "message.removed":
                        throw new NotSupportedException($"the expected state does not model {type}");
                }
            }
            return r;
        }

        public long? SessionCreated(string sid)
        {
            if (!_created.TryGetValue(sid, out var all))
                return null;
            if (all.Distinct().Count() != 1)
                throw new InvalidOperationException($"{sid}: its infos disagree on time.created ({string.Join(", ", all.Distinct())})");
            return all[0];
        }

        public long? SessionUpdated(string sid) => _updated.TryGetValue(sid, out var u) ? u : null;

        public List<JsonNode> MessagesOf(string sid) =>
            [.. _messages.Values.Where(m => (string?)m["sessionID"] == sid).OrderBy(m => (string)m["id"]!, StringComparer.Ordinal)];

        private void Saw(string sid)
        {
            if (!_sessions.Contains(sid))
                _sessions.Add(sid);
        }
    }
}
