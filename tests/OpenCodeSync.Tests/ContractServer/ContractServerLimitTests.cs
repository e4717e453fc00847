using Server = OpenSync.ContractServer.ContractServer;

namespace OpenCodeSync.Tests.ContractServer;

/// <summary>Convex's value and document limits, each checked on both sides of the line.</summary>
public class ContractServerLimitTests
{
    private static string Nested(int levels) =>
        string.Concat(Enumerable.Repeat("""{"a":""", levels)) + "1" + new string('}', levels);

    private static async Task<Reply> PostParts(Server server, string parts)
    {
        using var client = server.CreateClient();
        await Wire.Post(client, "sync/session", """{"externalId":"ses_1"}""");
        return await Wire.Post(client, "sync/message", Wire.Message("msg_1", parts: parts));
    }

    [Test]
    public async Task A_document_over_1_MiB_is_rejected_and_one_just_under_is_stored()
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();
        await Wire.Post(client, "sync/session", """{"externalId":"ses_1"}""");
        string Body(string id, int chars) =>
            $$"""{"sessionExternalId":"ses_1","externalId":"{{id}}","role":"user","textContent":"{{new string('é', chars)}}"}""";

        // 'é' is two UTF-8 bytes: sizes are measured in UTF-8, not characters.
        var under = await Wire.Post(client, "sync/message", Body("msg_under", (1024 * 1024 - 512) / 2));
        var over = await Wire.Post(client, "sync/message", Body("msg_over", 1024 * 1024 / 2));

        await Assert.That(under.Status).IsEqualTo(200);
        await Assert.That(over.Status).IsEqualTo(500);
        await Assert.That(over.Error!).StartsWith("Error: Value is too large");
        await Assert.That(server.FindMessage("msg_over")).IsNull();
    }

    [Test]
    public async Task A_failing_part_rolls_back_the_whole_single_message()
    {
        await using var server = await Server.StartAsync();

        var reply = await PostParts(server, $$"""[{"type":"text","content":"ok"},{"type":"text","content":"{{new string('a', 1024 * 1024)}}"}]""");

        await Assert.That(reply.Status).IsEqualTo(500);
        await Assert.That(server.Messages.Count).IsEqualTo(0);
        await Assert.That(server.FindSession("ses_1")!.MessageCount).IsEqualTo(0);
    }

    [Test]
    public async Task Nesting_of_16_is_stored_and_17_is_rejected()
    {
        await using var server = await Server.StartAsync();

        // The part document is one level; its content adds the rest.
        var ok = await PostParts(server, $$"""[{"type":"x","content":{{Nested(15)}}}]""");
        server.Reset();
        var tooDeep = await PostParts(server, $$"""[{"type":"x","content":{{Nested(16)}}}]""");

        await Assert.That(ok.Status).IsEqualTo(200);
        await Assert.That(tooDeep.Status).IsEqualTo(500);
        await Assert.That(tooDeep.Error!).Contains("too nested (17 levels > maximum 16)");
    }

    [Test]
    public async Task Arrays_of_8192_items_are_stored_and_8193_are_rejected()
    {
        await using var server = await Server.StartAsync();
        string Items(int n) => "[" + string.Join(",", Enumerable.Repeat("0", n)) + "]";

        var ok = await PostParts(server, $$"""[{"type":"x","content":{{Items(8192)}}}]""");
        server.Reset();
        var tooLong = await PostParts(server, $$"""[{"type":"x","content":{{Items(8193)}}}]""");

        await Assert.That(ok.Status).IsEqualTo(200);
        await Assert.That(tooLong.Status).IsEqualTo(500);
        await Assert.That(tooLong.Error!).StartsWith("Error: Array length is too long (8193 > maximum length 8192)");
    }

    [Test]
    public async Task More_than_1024_fields_in_an_object_are_rejected()
    {
        await using var server = await Server.StartAsync();
        string Fields(int n) => "{" + string.Join(",", Enumerable.Range(0, n).Select(i => $"\"f{i}\":0")) + "}";

        var ok = await PostParts(server, $$"""[{"type":"x","content":{{Fields(1024)}}}]""");
        server.Reset();
        var tooMany = await PostParts(server, $$"""[{"type":"x","content":{{Fields(1025)}}}]""");

        await Assert.That(ok.Status).IsEqualTo(200);
        await Assert.That(tooMany.Status).IsEqualTo(500);
        await Assert.That(tooMany.Error!).Contains("too many fields");
    }

    [Test]
    [Arguments("$key", "starts with a '$'")]
    [Arguments("_key", "starts with a '_'")]
    [Arguments("", "is empty")]
    [Arguments("clé", "ASCII")]
    public async Task Field_names_must_be_plain_ascii_and_not_reserved(string key, string expected)
    {
        await using var server = await Server.StartAsync();

        var reply = await PostParts(server, $$$"""[{"type":"x","content":{"{{{key}}}":1}}]""");

        await Assert.That(reply.Status).IsEqualTo(500);
        await Assert.That(reply.Error!).StartsWith("Error: Field name");
        await Assert.That(reply.Error!).Contains(expected);
        await Assert.That(server.Messages.Count).IsEqualTo(0);
    }

    [Test]
    [Arguments("""\ud800""")]
    [Arguments("""abc\udc00""")]
    [Arguments("""\ud83d\u0041""")]
    [Arguments("""\ud83d""")]
    public async Task Lone_surrogates_are_rejected(string escaped)
    {
        await using var server = await Server.StartAsync();

        var reply = await PostParts(server, $$"""[{"type":"text","content":"{{escaped}}"}]""");

        await Assert.That(reply.Status).IsEqualTo(500);
        await Assert.That(reply.Error!).Contains("lone surrogate");
        await Assert.That(server.Messages.Count).IsEqualTo(0);
    }

    [Test]
    public async Task A_lone_surrogate_in_a_key_is_rejected_too()
    {
        await using var server = await Server.StartAsync();

        var reply = await PostParts(server, """[{"type":"x","content":{"a\udfff":1}}]""");

        await Assert.That(reply.Status).IsEqualTo(500);
        await Assert.That(reply.Error!).Contains("lone surrogate");
    }

    [Test]
    public async Task Escaped_surrogate_pairs_and_escaped_backslashes_are_fine()
    {
        await using var server = await Server.StartAsync();

        var reply = await PostParts(server, """[{"type":"text","content":"\ud83d\ude00 \\ud800"}]""");

        await Assert.That(reply.Status).IsEqualTo(200);
        await Assert.That(server.FindMessage("msg_1")!.Parts[0].Content.GetString()).IsEqualTo("\U0001F600 \\ud800");
    }

    [Test]
    public async Task A_body_over_20_MiB_is_refused()
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();

        var reply = await Wire.Post(client, "sync/batch", $$"""{"messages":[],"pad":"{{new string('a', 20 * 1024 * 1024)}}"}""");

        await Assert.That(reply.Status).IsEqualTo(413);
        await Assert.That(reply.Error!).StartsWith("Error: Request body too large");
    }
}
