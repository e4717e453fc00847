using System.Text.Json.Nodes;
using OpenCodeSync.OpenSync;
using OpenCodeSync.Privacy;

namespace OpenCodeSync.Tests.Privacy;

/// <summary>Redaction reaches every string a record sends: text, tool args (nested), results, errors, titles.</summary>
public class RecordRedactionTests
{
    private static MessageRecord Message(string? text, params PartRecord[] parts) => new()
    {
        SessionExternalId = "ses_1",
        ExternalId = "msg_1",
        Role = "assistant",
        TextContent = text,
        Parts = parts,
    };

    private static PartRecord ToolCall(JsonNode args) =>
        new("tool-call", new JsonObject { ["name"] = "bash", ["callID"] = "call_1", ["args"] = args });

    [Test]
    public async Task Tool_args_are_redacted_by_key_and_by_content_at_any_depth()
    {
        var args = new JsonObject
        {
            ["command"] = $"gh auth login --with-token <<< {Fake.GitHubPat}",
            ["apiKey"] = "plain-looking-value-1",
            ["env"] = new JsonObject { ["AWS_SECRET_ACCESS_KEY"] = Fake.AwsSecret, ["AWS_REGION"] = "eu-west-1" },
            ["headers"] = new JsonArray(new JsonObject { ["Authorization"] = "Basic dXNlcjpwYXNz" }),
            ["list"] = new JsonArray("ok", $"token={Fake.Slack}", 42, true, null),
            ["max_tokens"] = 4096,
            ["password"] = "${DB_PASSWORD}",
        };
        var record = Message(null, ToolCall(args));

        var result = Redactor.Default.Redact(record, out var count);

        var a = result.Parts![0].Content["args"]!;
        await Assert.That((string)a["command"]!).IsEqualTo("gh auth login --with-token <<< [REDACTED:github-token]");
        await Assert.That((string)a["apiKey"]!).IsEqualTo("[REDACTED:api-key]");
        await Assert.That((string)a["env"]!["AWS_SECRET_ACCESS_KEY"]!).IsEqualTo("[REDACTED:aws-secret-key]");
        await Assert.That((string)a["env"]!["AWS_REGION"]!).IsEqualTo("eu-west-1");
        await Assert.That((string)a["headers"]![0]!["Authorization"]!).IsEqualTo("[REDACTED:authorization]");
        await Assert.That(a["list"]!.ToJsonString()).IsEqualTo("[\"ok\",\"token=[REDACTED:slack-token]\",42,true,null]");
        await Assert.That((int)a["max_tokens"]!).IsEqualTo(4096);
        await Assert.That((string)a["password"]!).IsEqualTo("${DB_PASSWORD}");
        await Assert.That(count).IsEqualTo(5);
    }

    [Test]
    public async Task Text_results_errors_and_reasoning_are_redacted()
    {
        var record = Message(
            $"I used {Fake.OpenAi} as asked.",
            new PartRecord("reasoning", JsonValue.Create($"The key {Fake.Anthropic} is in .env")),
            new PartRecord("tool-result", new JsonObject
            {
                ["name"] = "bash", ["callID"] = "c1", ["status"] = "completed",
                ["title"] = $"export GH_TOKEN={Fake.GitHubPat}",
                ["result"] = $"$ cat .env\nDB_PASSWORD=Sup3rS3cret\nPORT=3000\n",
            }),
            new PartRecord("tool-result", new JsonObject
            {
                ["name"] = "bash", ["callID"] = "c2", ["status"] = "error",
                ["error"] = $"fatal: could not read from https://deploy:{Fake.GitLab}@gitlab.com/x.git",
            }));

        var result = Redactor.Default.Redact(record, out var count);

        var json = System.Text.Json.JsonSerializer.Serialize(result, OpenCodeSync.OpenSync.ContractJson.Default.MessageRecord);
        foreach (var secret in new[] { Fake.OpenAi, Fake.Anthropic, Fake.GitHubPat, "Sup3rS3cret", Fake.GitLab })
            await Assert.That(json).DoesNotContain(secret);
        await Assert.That(result.TextContent).IsEqualTo("I used [REDACTED:openai-key] as asked.");
        await Assert.That((string)result.Parts![1].Content["result"]!).IsEqualTo("$ cat .env\nDB_PASSWORD=[REDACTED:password]\nPORT=3000\n");
        await Assert.That((string)result.Parts[1].Content["status"]!).IsEqualTo("completed");
        await Assert.That(count).IsEqualTo(5);
    }

    [Test]
    public async Task The_input_record_is_never_mutated_and_clean_records_come_back_as_they_are()
    {
        var args = new JsonObject { ["token"] = "abc123def456ghi", ["path"] = "/src/app.ts" };
        var dirty = Message("hello", ToolCall(args), new PartRecord("text", JsonValue.Create("clean")));
        var clean = Message("just code: const token = getToken();", ToolCall(new JsonObject { ["path"] = "/src/app.ts" }));

        var redacted = Redactor.Default.Redact(dirty);
        var same = Redactor.Default.Redact(clean, out var cleanCount);

        await Assert.That((string)args["token"]!).IsEqualTo("abc123def456ghi");
        await Assert.That((string)redacted.Parts![0].Content["args"]!["token"]!).IsEqualTo("[REDACTED:token]");
        await Assert.That((string)redacted.Parts[0].Content["args"]!["path"]!).IsEqualTo("/src/app.ts");
        await Assert.That(ReferenceEquals(redacted.Parts[1], dirty.Parts![1])).IsTrue();
        await Assert.That(ReferenceEquals(same, clean)).IsTrue();
        await Assert.That(cleanCount).IsEqualTo(0);
    }

    [Test]
    public async Task Session_title_is_redacted()
    {
        var session = new SessionRecord { ExternalId = "ses_1", Title = $"Rotate {Fake.GitHubPat} in CI", ProjectPath = "/home/dev/app" };

        var result = Redactor.Default.Redact(session);

        await Assert.That(result.Title).IsEqualTo("Rotate [REDACTED:github-token] in CI");
        await Assert.That(result.ProjectPath).IsEqualTo("/home/dev/app");
    }
}
