using System.Text.Json;
using System.Text.RegularExpressions;
using OpenCodeSync.Sqlite;
using OpenCodeSync.Tests.Archive;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.EndToEnd.RealOpenCode;

/// <summary>
/// The agent's recall tools with the real OpenCode CLI: the plugin installed by <c>setup</c> offers history_search and
/// history_read, the mock model calls both, and the published binary answers each call from the local archive an
/// earlier session filled (hook → delivery; no login, no backend). Asserted on what the model was sent.
/// </summary>
[NotInParallel("real-opencode")]
public partial class RealOpenCodeRecallTests
{
    private const string Word = "zanzibarquux";
    private const string Remember = $"remember the word {Word}";
    private static readonly string[] SearchArgs = ["query", "project", "since", "limit"];
    private static readonly string[] ReadArgs = ["session", "query", "from", "max_chars"];
    private static readonly TimeSpan Archiving = TimeSpan.FromSeconds(60);

    [GeneratedRegex("ses_[A-Za-z0-9]+")]
    private static partial Regex SessionId();

    /// <summary>What the recall turn sent the model and what OpenCode stored of it.</summary>
    private sealed record RecallTurn(
        string Earlier, string Current, List<JsonElement> Requests, List<(string Name, JsonElement Args)> Calls, List<string> Results, List<JsonElement> Parts);

    private static async Task<OpenCodeWorld> StartAsync()
    {
        var world = await OpenCodeWorld.StartAsync();
        var setup = await world.SyncAsync("setup");
        await Assert.That(setup.ExitCode).IsEqualTo(0).Because(setup.All);
        return world;
    }

    private static async Task Ran(ProcessResult r) =>
        await Assert.That(r.ExitCode).IsEqualTo(0).Because($"opencode run failed: {r.Stderr}");

    /// <summary>A first session that says <see cref="Word"/>, archived; then a second whose model recalls it.</summary>
    private static async Task<RecallTurn> RememberThenRecallAsync(OpenCodeWorld world)
    {
        await Ran(await world.RunAsync(Remember));
        string? archived = null;
        await Poll.Until(() => (archived = ArchivedWithWord(world.ArchiveDb)) is not null, Archiving,
            $"the archive holds both messages of the session that said '{Word}'");

        await Ran(await world.RunAsync($"what was the word? #recall {Word}"));

        var sessions = OpenCodeSessions(world.OpenCodeDb);
        await Assert.That(sessions.Count).IsEqualTo(2);
        await Assert.That(archived).IsEqualTo(sessions[0]);
        var requests = (await world.MockRequestsAsync()).Where(r => !IsTitleRequest(r) && LastUserText(r).Contains("#recall", StringComparison.Ordinal)).ToList();
        var last = Messages(requests[^1]).ToList();
        // search, read, then the answer: the last request carries both calls and both results
        await Assert.That(requests.Count).IsEqualTo(3).Because($"tool results: {string.Join("\n---\n", last.Where(m => Role(m) == "tool").Select(Text))}");
        var calls = last.Where(m => Role(m) == "assistant" && m.TryGetProperty("tool_calls", out _))
            .SelectMany(m => m.GetProperty("tool_calls").EnumerateArray())
            .Select(c => (c.GetProperty("function").GetProperty("name").GetString()!, JsonDocument.Parse(c.GetProperty("function").GetProperty("arguments").GetString()!).RootElement.Clone()))
            .ToList();
        var results = last.Where(m => Role(m) == "tool").Select(Text).ToList();
        return new RecallTurn(sessions[0], sessions[1], requests, calls, results, ToolParts(world.OpenCodeDb, sessions[1]));
    }

    /// <summary>The short ids in a tool result that name <paramref name="session"/> (unique prefixes of its id).</summary>
    private static List<string> IdsOf(string text, string session) =>
        [.. SessionId().Matches(text).Select(m => m.Value).Where(v => v.Length >= 12 && session.StartsWith(v, StringComparison.Ordinal))];

    private static async Task AssertRecalled(RecallTurn t)
    {
        await Assert.That(t.Calls.Select(c => c.Name)).IsEquivalentTo(["history_search", "history_read"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(t.Calls[0].Args.GetProperty("query").GetString()).IsEqualTo(Word);
        await Assert.That(t.Results.Count).IsEqualTo(2);
        var (search, read) = (t.Results[0], t.Results[1]);
        Console.WriteLine($"history_search result:\n{search}\n\nhistory_read result:\n{read}");

        // The search names the earlier session by the short id `show` and history_read take, with the match marked;
        // the session asking is not among its own hits.
        var ids = IdsOf(search, t.Earlier);
        await Assert.That(ids).IsNotEmpty().Because(search);
        await Assert.That(search).Contains($"«{Word}»");
        await Assert.That(IdsOf(search, t.Current)).IsEmpty().Because(search);
        await Assert.That(search).DoesNotContain("recall failed");

        // The model read the session it found, and got its text.
        await Assert.That(t.Calls[1].Args.GetProperty("session").GetString()).IsEqualTo(SessionId().Match(search).Value);
        await Assert.That(ids).Contains(SessionId().Match(search).Value);
        await Assert.That(read).Contains(Remember);
        await Assert.That(IdsOf(read, t.Earlier)).IsNotEmpty().Because(read);
        await Assert.That(read).DoesNotContain("recall failed");

        // OpenCode itself recorded both calls as completed, with the outputs the model was sent.
        await Assert.That(t.Parts.Select(p => p.GetProperty("tool").GetString() ?? "")).IsEquivalentTo(["history_search", "history_read"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
        for (var i = 0; i < t.Parts.Count; i++)
        {
            var state = t.Parts[i].GetProperty("state");
            await Assert.That(state.GetProperty("status").GetString()).IsEqualTo("completed");
            await Assert.That(t.Results[i]).Contains(state.GetProperty("output").GetString()!.Trim());
        }
    }

    /// <summary>Both tools in every request of the turn, described, with the arguments of the contract.</summary>
    private static async Task<(JsonElement Search, JsonElement Read)> AssertOffered(RecallTurn t)
    {
        foreach (var r in t.Requests)
        {
            var tools = Tools(r);
            await Assert.That(tools.Keys).Contains("history_search");
            await Assert.That(tools.Keys).Contains("history_read");
        }

        var offered = Tools(t.Requests[0]);
        var (search, read) = (offered["history_search"], offered["history_read"]);
        Console.WriteLine($"history_search as offered: {search.GetRawText()}\nhistory_read as offered: {read.GetRawText()}");
        foreach (var (tool, args, required) in new[] { (search, SearchArgs, "query"), (read, ReadArgs, "session") })
        {
            await Assert.That(tool.GetProperty("description").GetString()!).Contains("history_");
            var schema = tool.GetProperty("parameters");
            await Assert.That(schema.GetProperty("type").GetString()).IsEqualTo("object");
            var properties = schema.GetProperty("properties");
            await Assert.That(properties.EnumerateObject().Select(p => p.Name)).IsEquivalentTo(args);
            foreach (var p in properties.EnumerateObject())
                await Assert.That(p.Value.GetProperty("description").GetString()!.Length).IsGreaterThan(20).Because(p.Name);
            await Assert.That(Required(schema)).Contains(required);
        }
        await Assert.That(search.GetProperty("description").GetString()!).Contains("«like this»");
        return (search.GetProperty("parameters"), read.GetProperty("parameters"));
    }

    [Test]
    public async Task The_agent_finds_and_reads_an_earlier_session_through_the_plugins_tools()
    {
        await using var world = await StartAsync();

        var turn = await RememberThenRecallAsync(world);

        await AssertRecalled(turn);
        var (search, read) = await AssertOffered(turn);
        // OpenCode installs @opencode-ai/plugin into its config folder when it can reach the registry: then the
        // args are Zod (optional ones not required), else the plugin's JSON Schema (all required, optional ones nullable).
        var zod = Directory.Exists(Path.Combine(world.Home, ".config", "opencode", "node_modules", "@opencode-ai", "plugin"));
        Console.WriteLine($"args given as {(zod ? "Zod" : "JSON Schema")}");
        await Assert.That(Required(search)).IsEquivalentTo(zod ? ["query"] : SearchArgs);
        await Assert.That(Required(read)).IsEquivalentTo(zod ? ["session"] : ReadArgs);
    }

    [Test]
    public async Task Without_OpenCodes_Zod_the_tools_are_offered_as_JSON_Schema_and_work_the_same()
    {
        await using var world = await StartAsync();
        // A package of that name that cannot be imported, found before OpenCode's own copy: as if its install had failed.
        var stub = Path.Combine(world.Home, ".config", "opencode", "plugin", "node_modules", "@opencode-ai", "plugin");
        Directory.CreateDirectory(stub);
        await File.WriteAllTextAsync(Path.Combine(stub, "package.json"), """{"name":"@opencode-ai/plugin","version":"0.0.0","type":"module","main":"index.js"}""");
        await File.WriteAllTextAsync(Path.Combine(stub, "index.js"), "throw new Error(\"not installed\");\n");

        var turn = await RememberThenRecallAsync(world);

        await AssertRecalled(turn);
        var (search, read) = await AssertOffered(turn);
        await Assert.That(Required(search)).IsEquivalentTo(SearchArgs);
        await Assert.That(Required(read)).IsEquivalentTo(ReadArgs);
        await Assert.That(search.GetProperty("properties").GetProperty("query").GetProperty("type").GetString()).IsEqualTo("string");
        await Assert.That(search.GetProperty("properties").GetProperty("limit").GetProperty("type").EnumerateArray().Select(e => e.GetString() ?? ""))
            .IsEquivalentTo(["integer", "null"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(read.GetProperty("properties").GetProperty("session").GetProperty("type").GetString()).IsEqualTo("string");
    }

    [Test]
    public async Task With_recall_off_the_model_is_offered_neither_tool()
    {
        await using var world = await StartAsync();
        var off = await world.SyncAsync("config", "set", "recall", "off");
        await Assert.That(off.ExitCode).IsEqualTo(0).Because(off.All);
        var enabled = await world.SyncAsync("recall", "--enabled");
        await Assert.That(enabled.Stdout.Trim()).IsEqualTo("off").Because(enabled.All);

        await Ran(await world.RunAsync("say hello"));

        var requests = (await world.MockRequestsAsync()).Where(r => !IsTitleRequest(r)).ToList();
        await Assert.That(requests).IsNotEmpty();
        foreach (var r in requests)
        {
            var tools = Tools(r);
            // the built-in tools are there: the list itself was sent
            await Assert.That(tools.Keys).Contains("bash");
            await Assert.That(tools.Keys).DoesNotContain("history_search");
            await Assert.That(tools.Keys).DoesNotContain("history_read");
        }
    }

    private static string? ArchivedWithWord(string path)
    {
        if (!File.Exists(path))
            return null;
        try
        {
            using var archive = new ArchiveFile(path);
            var hits = archive.Search(Word);
            // the prompt and the answer that repeats it: the whole first turn is in
            return hits.Count >= 2 ? archive.Column("SELECT session_id FROM messages WHERE id = ?1", hits[0]).Single() : null;
        }
        catch (SqliteException)
        {
            return null; // created but not yet laid out
        }
    }

    private static List<string> OpenCodeSessions(string path)
    {
        using var db = SqliteDb.Open(path, readOnly: true);
        var s = db.Prepare("SELECT id FROM session WHERE parent_id IS NULL ORDER BY time_created, id");
        var ids = new List<string>();
        while (s.Step())
            ids.Add(s.String(0));
        s.Reset();
        return ids;
    }

    private static List<JsonElement> ToolParts(string path, string session)
    {
        using var db = SqliteDb.Open(path, readOnly: true);
        var s = db.Prepare("SELECT data FROM part WHERE session_id = ?1 ORDER BY id").Bind(1, session);
        var parts = new List<JsonElement>();
        while (s.Step())
        {
            using var doc = JsonDocument.Parse(s.String(0));
            if (doc.RootElement.GetProperty("type").GetString() == "tool")
                parts.Add(doc.RootElement.Clone());
        }
        s.Reset();
        return parts;
    }

    private static IEnumerable<JsonElement> Messages(JsonElement request) =>
        request.TryGetProperty("messages", out var m) ? m.EnumerateArray() : [];

    private static string Role(JsonElement message) => message.GetProperty("role").GetString() ?? "";

    private static string Text(JsonElement message) =>
        !message.TryGetProperty("content", out var c) ? ""
        : c.ValueKind == JsonValueKind.String ? c.GetString()!
        : c.ValueKind == JsonValueKind.Array ? string.Concat(c.EnumerateArray().Select(p => p.TryGetProperty("text", out var t) ? t.GetString() : ""))
        : "";

    private static string LastUserText(JsonElement request) => Messages(request).Where(m => Role(m) == "user").Select(Text).LastOrDefault() ?? "";

    private static bool IsTitleRequest(JsonElement request) =>
        Messages(request).Any(m => Role(m) == "system" && Text(m).Contains("title generator", StringComparison.OrdinalIgnoreCase));

    private static Dictionary<string, JsonElement> Tools(JsonElement request) =>
        request.TryGetProperty("tools", out var tools)
            ? tools.EnumerateArray().Select(t => t.GetProperty("function")).ToDictionary(f => f.GetProperty("name").GetString()!, StringComparer.Ordinal)
            : [];

    private static List<string> Required(JsonElement schema) =>
        schema.TryGetProperty("required", out var r) ? [.. r.EnumerateArray().Select(e => e.GetString()!)] : [];
}
