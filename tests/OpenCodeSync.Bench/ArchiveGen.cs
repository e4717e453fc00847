using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenCodeSync.Archive;
using OpenCodeSync.OpenSync;
using OpenCodeSync.Sync;

/// <summary>
/// Writes a realistic archive straight through <see cref="ArchiveDb.Save"/>: sessions of alternating user and
/// assistant turns, assistant turns with tool calls whose outputs are code and logs, words drawn Zipf-like
/// from a large vocabulary (so the full-text index has the shape of a real one). Two marker words are
/// planted for the benchmarks: "quokka" in ~2 % of messages, "zanzibar" in ~0.1 % of tool outputs.
/// </summary>
internal static class ArchiveGen
{
    public static int Run(string dataDir, int sessions, int messagesPerSession)
    {
        var gen = new SessionGen(seed: 42, sessionTag: "Bench", messageTag: "");
        var started = Stopwatch.GetTimestamp();
        using var db = ArchiveDb.Open(dataDir);
        long messages = 0;
        for (var s = 0; s < sessions; s++)
        {
            var records = gen.Session(s, messagesPerSession);
            messages += records.Messages.Count;
            db.Save(records);
        }
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"archive: {sessions} sessions, {messages} messages written in {seconds:F1} s ({messages / seconds:F0} messages/s) to {db.Path}"));
        return 0;
    }
}

/// <summary>
/// The sessions of <see cref="ArchiveGen"/>, one at a time and reproducible from the seed; the tags keep the ids of
/// two generators apart (the benchmark archive's and the sessions seeded on a backend for <c>pull</c>).
/// </summary>
internal sealed class SessionGen(int seed, string sessionTag, string messageTag)
{
    private static readonly string[] Syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "de", "po", "gra", "ster", "ion", "ment", "al", "er", "in", "ex", "con", "tra"];
    private static readonly string[] Common = ["the", "a", "to", "of", "and", "in", "is", "it", "that", "for", "file", "function", "test", "error", "return", "value", "config", "update", "fix", "add"];
    private static readonly string[] Tools = ["read", "bash", "edit", "grep", "write", "glob"];

    private readonly Random _rng = new(seed);
    private string[]? _vocabulary;

    /// <summary>Session <paramref name="s"/>: call in order 0, 1, 2… (the generator's random stream runs through them).</summary>
    public SessionRecords Session(int s, int messagesPerSession)
    {
        var rng = _rng;
        var vocabulary = _vocabulary ??= Vocabulary(rng, 20_000);
        const long t0 = 1_780_000_000_000L;
        var sid = $"ses_{(0xffffffffffffL - s * 1000L):x12}{sessionTag}{s:D9}";
        var start = t0 + s * 900_000L;
        var project = $"/home/me/src/project-{s % 37}";
        var built = new List<BuiltMessage>(messagesPerSession);
        for (var m = 0; m < messagesPerSession; m++)
        {
            var mid = $"msg_{start / 1000 + m:x12}{messageTag}{s:D9}{m:D4}";
            var at = start + m * 20_000L;
            var user = m % 2 == 0;
            var parts = new List<PartRecord> { new("text", JsonValue.Create(Sentence(rng, vocabulary, user ? 12 : 40))!) };
            if (!user)
            {
                for (var t = rng.Next(3); t > 0; t--)
                {
                    var tool = Tools[rng.Next(Tools.Length)];
                    var call = $"call_{s}_{m}_{t}";
                    parts.Add(new PartRecord("tool-call", new JsonObject { ["name"] = tool, ["callID"] = call, ["args"] = new JsonObject { ["filePath"] = $"{project}/src/{Word(rng, vocabulary)}.ts", ["command"] = tool == "bash" ? "npm test -- " + Word(rng, vocabulary) : null } }));
                    parts.Add(new PartRecord("tool-result", new JsonObject { ["name"] = tool, ["callID"] = call, ["status"] = "completed", ["title"] = tool, ["result"] = Output(rng, vocabulary) }));
                }
            }
            var info = user
                ? $$$"""{"role":"user","time":{"created":{{{at}}}}}"""
                : $$$"""{"role":"assistant","providerID":"anthropic","modelID":"claude-sonnet-4","cost":{{{(0.002 + rng.NextDouble() * 0.02).ToString("R", CultureInfo.InvariantCulture)}}},"tokens":{"input":{{{rng.Next(200, 4000)}}},"output":{{{rng.Next(50, 1500)}}},"reasoning":{{{rng.Next(0, 300)}}},"cache":{"read":{{{rng.Next(0, 20000)}}},"write":{{{rng.Next(0, 2000)}}}}},"time":{"created":{{{at}}},"completed":{{{at + 9000}}}}}""";
            using var doc = JsonDocument.Parse(info);
            var snapshot = new MessageSnapshot(mid, doc.RootElement.Clone(), []);
            var usage = TokenUsage.Of(snapshot.Info);
            built.Add(new BuiltMessage(m, snapshot, new MessageRecord
            {
                SessionExternalId = sid, ExternalId = mid, Role = user ? "user" : "assistant",
                TextContent = parts[0].Content.GetValue<string>(), Model = user ? null : "claude-sonnet-4", Source = "opencode",
                PromptTokens = user ? null : usage.Prompt, CompletionTokens = user ? null : usage.Completion,
                DurationMs = user ? null : 9000, CreatedAt = at, Parts = parts,
            }));
        }
        var total = built.Aggregate(default(TokenUsage), (a, b) => a + TokenUsage.Of(b.Snapshot.Info));
        return new SessionRecords(new SessionRecord
        {
            ExternalId = sid, Title = Sentence(rng, vocabulary, 6), ProjectPath = project, ProjectName = $"project-{s % 37}",
            Model = "claude-sonnet-4", Provider = "anthropic", PromptTokens = total.Prompt, CompletionTokens = total.Completion,
            Cost = total.Cost, DurationMs = messagesPerSession * 20_000L, CreatedAt = start,
        }, built);
    }

    private static string[] Vocabulary(Random rng, int size)
    {
        var words = new HashSet<string>(Common);
        while (words.Count < size)
        {
            var sb = new StringBuilder();
            for (var i = rng.Next(2, 5); i > 0; i--)
                sb.Append(Syllables[rng.Next(Syllables.Length)]);
            words.Add(sb.ToString());
        }
        return [.. words];
    }

    /// <summary>Zipf-like: low indexes (common words) far more often than the tail.</summary>
    private static string Word(Random rng, string[] vocabulary) =>
        vocabulary[(int)Math.Min(vocabulary.Length - 1, Math.Pow(vocabulary.Length, rng.NextDouble()) - 1)];

    private static string Sentence(Random rng, string[] vocabulary, int words)
    {
        var sb = new StringBuilder();
        for (var i = rng.Next(words / 2, words + 1); i > 0; i--)
            sb.Append(Word(rng, vocabulary)).Append(' ');
        if (rng.Next(50) == 0)
            sb.Append("quokka ");
        return sb.ToString().TrimEnd() + ".";
    }

    private static string Output(Random rng, string[] vocabulary)
    {
        var sb = new StringBuilder();
        for (var line = rng.Next(5, 40); line > 0; line--)
        {
            sb.Append(rng.Next(4) switch
            {
                0 => $"  {line,3}  const {Word(rng, vocabulary)} = await {Word(rng, vocabulary)}({Word(rng, vocabulary)});",
                1 => $"2026-03-0{rng.Next(1, 9)}T10:{rng.Next(60):D2}:00Z INFO {Word(rng, vocabulary)} {Word(rng, vocabulary)} took {rng.Next(900)} ms",
                2 => $"src/{Word(rng, vocabulary)}/{Word(rng, vocabulary)}.ts:{rng.Next(1, 400)}: {Sentence(rng, vocabulary, 8)}",
                _ => Sentence(rng, vocabulary, 14),
            }).Append('\n');
        }
        if (rng.Next(1000) == 0)
            sb.Append("unexpected zanzibar in response\n");
        return sb.ToString();
    }
}
