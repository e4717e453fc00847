using Server = OpenSync.ContractServer.ContractServer;

namespace OpenCodeSync.Tests.ContractServer;

public class ContractServerValidationTests
{
    private const string ValidatorError = "ArgumentValidationError: Value does not match validator.";

    [Test]
    public async Task Null_for_an_optional_session_field_is_rejected()
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();

        var reply = await Wire.Post(client, "sync/session", """{"externalId":"ses_1","title":null}""");

        await Assert.That(reply.Status).IsEqualTo(500);
        await Assert.That(reply.Error!).StartsWith(ValidatorError);
        await Assert.That(reply.Error!).Contains("Path: .title");
        await Assert.That(server.Sessions.Count).IsEqualTo(0);
    }

    [Test]
    public async Task Null_for_an_optional_message_field_is_rejected()
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();

        var reply = await Wire.Post(client, "sync/message",
            """{"sessionExternalId":"ses_1","externalId":"msg_1","role":"user","model":null}""");

        await Assert.That(reply.Status).IsEqualTo(500);
        await Assert.That(reply.Error!).Contains("Path: .model");
        await Assert.That(server.Messages.Count).IsEqualTo(0);
    }

    [Test]
    public async Task An_unknown_field_is_rejected()
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();

        var reply = await Wire.Post(client, "sync/session", """{"externalId":"ses_1","totalTokens":5}""");

        await Assert.That(reply.Status).IsEqualTo(500);
        await Assert.That(reply.Error!).StartsWith("ArgumentValidationError: Object contains extra field `totalTokens`");
    }

    [Test]
    [Arguments("""{"externalId":"ses_1","promptTokens":"5"}""", ".promptTokens")]
    [Arguments("""{"externalId":"ses_1","title":7}""", ".title")]
    [Arguments("""{"externalId":5}""", ".externalId")]
    public async Task Wrong_types_are_rejected(string body, string path)
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();

        var reply = await Wire.Post(client, "sync/session", body);

        await Assert.That(reply.Status).IsEqualTo(500);
        await Assert.That(reply.Error!).StartsWith(ValidatorError);
        await Assert.That(reply.Error!).Contains($"Path: {path}\n");
    }

    [Test]
    [Arguments("""{"title":"t"}""")]
    [Arguments("""{"externalId":""}""")]
    [Arguments("[]")]
    public async Task A_session_without_an_id_is_a_400(string body)
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();

        var reply = await Wire.Post(client, "sync/session", body);

        await Assert.That(reply.Status).IsEqualTo(400);
        await Assert.That(reply.Text).IsEqualTo("""{"error":"Missing externalId or sessionId"}""");
    }

    [Test]
    public async Task SessionId_is_accepted_as_the_external_id_alias()
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();

        var reply = await Wire.Post(client, "sync/session", """{"sessionId":"ses_cc","title":"t"}""");

        await Assert.That(reply.Status).IsEqualTo(200);
        await Assert.That(server.FindSession("ses_cc")!.Title).IsEqualTo("t");
        await Assert.That(reply.Json!["sessionId"]!.GetValue<string>()).IsEqualTo(server.FindSession("ses_cc")!.Id);
    }

    [Test]
    public async Task Bad_json_is_a_500_starting_with_Error()
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();

        var reply = await Wire.Post(client, "sync/message", """{"externalId":""");

        await Assert.That(reply.Status).IsEqualTo(500);
        await Assert.That(reply.Error!).StartsWith("Error: ");
    }

    [Test]
    [Arguments("bot")]
    [Arguments("User")]
    public async Task A_role_outside_the_union_is_rejected(string role)
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();

        var reply = await Wire.Post(client, "sync/message",
            $$"""{"sessionExternalId":"ses_1","externalId":"msg_1","role":"{{role}}"}""");

        await Assert.That(reply.Status).IsEqualTo(500);
        await Assert.That(reply.Error!).Contains("Path: .role");
    }

    [Test]
    [Arguments("""[{"type":"text","content":"x","id":"prt_1"}]""", "extra field `id`")]
    [Arguments("""[{"type":"text"}]""", "missing the required field `content`")]
    [Arguments("""[{"type":1,"content":"x"}]""", "Path: .parts[0].type")]
    [Arguments("""["text"]""", "Path: .parts[0]")]
    [Arguments("""{"type":"text","content":"x"}""", "Path: .parts")]
    public async Task Parts_must_be_exactly_type_and_content(string parts, string expected)
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();

        var reply = await Wire.Post(client, "sync/message", Wire.Message("msg_1", parts: parts));

        await Assert.That(reply.Status).IsEqualTo(500);
        await Assert.That(reply.Error!).StartsWith("ArgumentValidationError: ");
        await Assert.That(reply.Error!).Contains(expected);
        await Assert.That(server.Messages.Count).IsEqualTo(0);
    }

    [Test]
    public async Task Any_content_is_stored_as_sent_including_null()
    {
        await using var server = await Server.StartAsync();
        using var client = server.CreateClient();
        await Wire.Post(client, "sync/session", """{"externalId":"ses_1"}""");

        var reply = await Wire.Post(client, "sync/message", Wire.Message("msg_1",
            parts: """[{"type":"tool-call","content":{"name":"bash","args":{"cmd":"ls"}}},{"type":"x","content":null}]"""));

        await Assert.That(reply.Status).IsEqualTo(200);
        var parts = server.FindMessage("msg_1")!.Parts;
        await Assert.That(parts[0].Content.GetRawText()).IsEqualTo("""{"name":"bash","args":{"cmd":"ls"}}""");
        await Assert.That(parts[1].Content.ValueKind).IsEqualTo(System.Text.Json.JsonValueKind.Null);
    }
}
