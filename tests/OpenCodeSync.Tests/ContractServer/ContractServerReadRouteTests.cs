using System.Text.Json.Nodes;
using TUnit.Assertions.Enums;
using Server = OpenSync.ContractServer.ContractServer;

namespace OpenCodeSync.Tests.ContractServer;

/// <summary><c>GET /api/sessions</c> and <c>/api/sessions/get</c> as convex/api.ts answers them (the contract's read shapes).</summary>
public class ContractServerReadRouteTests
{
    /// <summary>32 characters of the backend's id alphabet: well-formed, yet no document has it.</summary>
    private const string UnknownId = "0123456789abcdefghjkmnpqrstvwxyz";

    private const string ValidatorError = "Error: ArgumentValidationError: Value does not match validator";

    [Test]
    public async Task Lists_the_most_recently_updated_first_with_the_contracts_fields_and_no_nulls()
    {
        // A manual clock: writes in the same millisecond would make the order a tie.
        var clock = new global::OpenSync.ContractServer.ManualTimeProvider();
        await using var server = await Server.StartAsync(new() { TimeProvider = clock });
        using var client = server.CreateClient();
        await Wire.Post(client, "sync/session", """{"externalId":"ses_a","title":"A","promptTokens":7,"completionTokens":2}""");
        clock.Advance(TimeSpan.FromSeconds(1));
        await Wire.Post(client, "sync/session", """{"externalId":"ses_b"}""");
        clock.Advance(TimeSpan.FromSeconds(1));
        await Wire.Post(client, "sync/message", """{"sessionExternalId":"ses_a","externalId":"msg_1","role":"user","textContent":"hi"}""");

        var all = await Wire.Get(client, "api/sessions");
        var one = await Wire.Get(client, "api/sessions?limit=1");

        await Assert.That(all.Status).IsEqualTo(200);
        var sessions = all.Json!["sessions"]!.AsArray();
        // The message write touched ses_a last.
        await Assert.That(sessions.Select(s => s!["externalId"]!.GetValue<string>())).IsEquivalentTo(["ses_a", "ses_b"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
        var a = sessions[0]!.AsObject();
        await Assert.That(a["promptTokens"]!.GetValue<double>()).IsEqualTo(7);
        await Assert.That(a["completionTokens"]!.GetValue<double>()).IsEqualTo(2);
        await Assert.That(a["totalTokens"]!.GetValue<double>()).IsEqualTo(9);
        await Assert.That(a["messageCount"]!.GetValue<int>()).IsEqualTo(1);
        await Assert.That(a.ContainsKey("id") && a.ContainsKey("createdAt") && a.ContainsKey("updatedAt") && a.ContainsKey("isPublic")).IsTrue();
        await Assert.That(a.ContainsKey("source")).IsFalse();
        await Assert.That(sessions[1]!.AsObject().ContainsKey("title")).IsFalse();
        await Assert.That(all.Text).DoesNotContain("null");
        await Assert.That(one.Json!["sessions"]!.AsArray().Count).IsEqualTo(1);
    }

    [Test]
    public async Task Needs_the_key_and_a_numeric_limit_and_is_absent_on_an_older_deployment()
    {
        await using var server = await Server.StartAsync();
        using var anonymous = server.CreateClient(apiKey: null);
        using var client = server.CreateClient();
        await using var older = await Server.StartAsync(new() { ReadRoutes = false });
        using var olderClient = older.CreateClient();

        await Assert.That((await Wire.Get(anonymous, "api/sessions")).Status).IsEqualTo(401);
        await Assert.That((await Wire.Get(client, "api/sessions?limit=ten")).Status).IsEqualTo(500);
        await Assert.That((await Wire.Get(olderClient, "api/sessions")).Status).IsEqualTo(404);
    }

    [Test]
    public async Task Gets_a_session_as_listed_with_its_messages_oldest_first_parts_in_order_and_no_nulls()
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();
        var id = await SessionId(client, """{"externalId":"ses_a","title":"A","model":"m1","promptTokens":7,"completionTokens":2,"durationMs":40}""");
        await SessionId(client, """{"externalId":"ses_b"}""");
        // Sent newest first, so only ordering by createdAt (then id for the tie) puts them right.
        var late = await MessageId(client, """
            {"sessionExternalId":"ses_a","externalId":"msg_late","role":"assistant","textContent":"done","model":"m1",
             "promptTokens":5,"completionTokens":3,"durationMs":12,"createdAt":3000,
             "parts":[{"type":"text","content":"done"},{"type":"tool-call","content":{"name":"read","args":{"path":"a.txt"}}},
                      {"type":"tool-result","content":{"name":"read","result":"contents"}}]}
            """);
        var tie1 = await MessageId(client, """{"sessionExternalId":"ses_a","externalId":"msg_tie1","role":"user","createdAt":2000}""");
        var tie2 = await MessageId(client, """{"sessionExternalId":"ses_a","externalId":"msg_tie2","role":"user","createdAt":2000,"parts":[]}""");
        var early = await MessageId(client, """{"sessionExternalId":"ses_a","externalId":"msg_early","role":"user","createdAt":1000}""");
        await MessageId(client, """{"sessionExternalId":"ses_b","externalId":"msg_other","role":"user","createdAt":500}""");

        var reply = await Wire.Get(client, "api/sessions/get?id=" + id);
        var listed = (await Wire.Get(client, "api/sessions")).Json!["sessions"]!.AsArray().Single(x => x!["id"]!.GetValue<string>() == id);

        await Assert.That(reply.Status).IsEqualTo(200);
        await Assert.That(reply.Text).DoesNotContain("null");
        await Assert.That(JsonNode.DeepEquals(reply.Json!["session"], listed)).IsTrue();
        var messages = reply.Json!["messages"]!.AsArray();
        string[] ties = [.. new[] { tie1, tie2 }.Order(StringComparer.Ordinal)];
        await Assert.That(messages.Select(m => m!["id"]!.GetValue<string>())).IsEquivalentTo([early, ties[0], ties[1], late], CollectionOrdering.Matching);
        var full = messages[3]!.AsObject();
        await Assert.That(full.Select(p => p.Key)).IsEquivalentTo(
            ["id", "externalId", "role", "textContent", "model", "promptTokens", "completionTokens", "durationMs", "createdAt", "parts"],
            CollectionOrdering.Any);
        await Assert.That(full["externalId"]!.GetValue<string>()).IsEqualTo("msg_late");
        await Assert.That(full["promptTokens"]!.GetValue<double>()).IsEqualTo(5);
        await Assert.That(full["createdAt"]!.GetValue<long>()).IsEqualTo(3000);
        await Assert.That(JsonNode.DeepEquals(full["parts"], JsonNode.Parse("""
            [{"type":"text","content":"done"},{"type":"tool-call","content":{"name":"read","args":{"path":"a.txt"}}},
             {"type":"tool-result","content":{"name":"read","result":"contents"}}]
            """))).IsTrue();
        var bare = messages[0]!.AsObject();
        await Assert.That(bare.Select(p => p.Key)).IsEquivalentTo(["id", "externalId", "role", "createdAt", "parts"], CollectionOrdering.Any);
        await Assert.That(bare["parts"]!.AsArray().Count).IsEqualTo(0);
    }

    [Test]
    public async Task Tells_a_missing_id_from_an_unknown_one_from_a_malformed_one()
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();
        var id = await SessionId(client, """{"externalId":"ses_a"}""");

        Reply[] missing = [await Wire.Get(client, "api/sessions/get"), await Wire.Get(client, "api/sessions/get?id=")];
        var unknown = await Wire.Get(client, "api/sessions/get?id=" + UnknownId);
        // The externalId in place of the id is the likely client bug; then one character too many, and one outside the alphabet.
        Reply[] malformed =
        [
            await Wire.Get(client, "api/sessions/get?id=ses_a"),
            await Wire.Get(client, "api/sessions/get?id=" + id + "0"),
            await Wire.Get(client, "api/sessions/get?id=" + id[..^1] + "u"),
        ];

        foreach (var reply in missing)
        {
            await Assert.That(reply.Status).IsEqualTo(400);
            await Assert.That(reply.Error).IsEqualTo("Missing session ID");
        }
        await Assert.That(unknown.Status).IsEqualTo(404);
        await Assert.That(unknown.Error).IsEqualTo("Session not found");
        foreach (var reply in malformed)
        {
            await Assert.That(reply.Status).IsEqualTo(500);
            await Assert.That(reply.Error).StartsWith(ValidatorError);
        }
    }

    [Test]
    public async Task Getting_a_session_needs_the_key_and_is_absent_on_an_older_deployment()
    {
        await using var server = await Server.StartAsync();
        using var anonymous = server.CreateClient(apiKey: null);
        using var client = server.CreateClient();
        var id = await SessionId(client, """{"externalId":"ses_a"}""");
        await using var older = await Server.StartAsync(new() { ReadRoutes = false });
        using var olderClient = older.CreateClient();
        var olderId = await SessionId(olderClient, """{"externalId":"ses_a"}""");

        var noKey = await Wire.Get(anonymous, "api/sessions/get?id=" + id);
        var absent = await Wire.Get(olderClient, "api/sessions/get?id=" + olderId);

        await Assert.That(noKey.Status).IsEqualTo(401);
        await Assert.That(noKey.Error).IsEqualTo("Missing Authorization header");
        await Assert.That(absent.Status).IsEqualTo(404);
        await Assert.That(absent.Text).IsEqualTo("No matching routes found");
    }

    [Test]
    public async Task A_fault_for_one_session_id_leaves_the_others_and_the_logged_path_alone()
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();
        var a = await SessionId(client, """{"externalId":"ses_a"}""");
        var b = await SessionId(client, """{"externalId":"ses_b"}""");
        server.Faults.FailNext(1, 500, pathPrefix: "/api/sessions/get?id=" + a);

        var other = await Wire.Get(client, "api/sessions/get?id=" + b);
        var faulted = await Wire.Get(client, "api/sessions/get?id=" + a);
        var again = await Wire.Get(client, "api/sessions/get?id=" + a);

        await Assert.That(other.Status).IsEqualTo(200);
        await Assert.That(faulted.Status).IsEqualTo(500);
        await Assert.That(faulted.Error).IsEqualTo("Injected fault: HTTP 500");
        await Assert.That(again.Status).IsEqualTo(200);
        var logged = server.Requests.Single(r => r.Fault == "fail");
        await Assert.That(logged.Path).IsEqualTo("/api/sessions/get");
    }

    [Test]
    public async Task A_query_reading_more_documents_than_the_cap_fails_with_500()
    {
        // Parts are documents of their own: a session with one message and one part reads three.
        await using var server = await Server.StartAsync(new() { MaxQueryDocumentsRead = 5 });
        using var client = server.CreateClient();
        var small = await SessionWithMessages(client, "ses_small", messages: 1, partsEach: 1);
        var atCap = await SessionWithMessages(client, "ses_at_cap", messages: 2, partsEach: 1);
        var manyMessages = await SessionWithMessages(client, "ses_many_messages", messages: 5, partsEach: 0);
        var manyParts = await SessionWithMessages(client, "ses_many_parts", messages: 1, partsEach: 4);
        for (var i = 0; i < 2; i++) await SessionId(client, $$"""{"externalId":"ses_bare{{i}}"}""");

        var replies = new List<Reply>();
        foreach (var id in new[] { small, atCap, manyMessages, manyParts })
            replies.Add(await Wire.Get(client, "api/sessions/get?id=" + id));
        var listAtCap = await Wire.Get(client, "api/sessions?limit=5");
        // Six sessions exist: a larger limit reads all six, not the limit's worth.
        var listOver = await Wire.Get(client, "api/sessions?limit=100");

        await Assert.That(replies.Select(r => r.Status)).IsEquivalentTo([200, 200, 500, 500], CollectionOrdering.Matching);
        await Assert.That(replies[2].Error).StartsWith("Error: Too many documents read in a single function execution (limit: 5)");
        await Assert.That(listAtCap.Status).IsEqualTo(200);
        await Assert.That(listAtCap.Json!["sessions"]!.AsArray().Count).IsEqualTo(5);
        await Assert.That(listOver.Status).IsEqualTo(500);
        await Assert.That(listOver.Error).StartsWith("Error: Too many documents read");
    }

    [Test]
    public async Task A_query_reading_more_bytes_than_the_cap_fails_with_500()
    {
        await using var server = await Server.StartAsync(new() { MaxQueryBytesRead = 4_000 });
        using var client = server.CreateClient();
        var small = await SessionWithMessages(client, "ses_small", messages: 1, partsEach: 1);
        var big = await SessionId(client, """{"externalId":"ses_big"}""");
        await MessageId(client, $$"""{"sessionExternalId":"ses_big","externalId":"msg_big","role":"user","textContent":"{{new string('x', 4_000)}}"}""");

        var fits = await Wire.Get(client, "api/sessions/get?id=" + small);
        var over = await Wire.Get(client, "api/sessions/get?id=" + big);

        await Assert.That(fits.Status).IsEqualTo(200);
        await Assert.That(over.Status).IsEqualTo(500);
        await Assert.That(over.Error).StartsWith("Error: Too many bytes read in a single function execution (limit: 4000 bytes)");
    }

    private static async Task<string> SessionId(HttpClient client, string json)
    {
        var reply = await Wire.Post(client, "sync/session", json);
        if (reply.Status != 200) throw new InvalidOperationException($"seeding a session failed: {reply.Status} {reply.Text}");
        return reply.Json!["sessionId"]!.GetValue<string>();
    }

    private static async Task<string> MessageId(HttpClient client, string json)
    {
        var reply = await Wire.Post(client, "sync/message", json);
        if (reply.Status != 200) throw new InvalidOperationException($"seeding a message failed: {reply.Status} {reply.Text}");
        return reply.Json!["messageId"]!.GetValue<string>();
    }

    private static async Task<string> SessionWithMessages(HttpClient client, string externalId, int messages, int partsEach)
    {
        var id = await SessionId(client, $$"""{"externalId":"{{externalId}}"}""");
        var parts = "[" + string.Join(",", Enumerable.Repeat("""{"type":"text","content":"hi"}""", partsEach)) + "]";
        for (var i = 0; i < messages; i++)
            await MessageId(client, Wire.Message($"{externalId}_msg{i}", session: externalId, parts: parts));
        return id;
    }
}
