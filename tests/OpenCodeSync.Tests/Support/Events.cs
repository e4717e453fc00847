using System.Text.Json.Nodes;

namespace OpenCodeSync.Tests.Support;

/// <summary>Hand-made 1.18-shaped event lines for cases the recorded streams do not cover.</summary>
public static class Events
{
    public const string Session = "ses_test";

    public static string SessionUpdated(string directory = "/home/me/proj", string title = "A title", JsonObject? model = null) =>
        Line("session.updated", new JsonObject
        {
            ["sessionID"] = Session,
            ["info"] = new JsonObject
            {
                ["id"] = Session, ["slug"] = "s", ["directory"] = directory, ["title"] = title, ["model"] = model,
                ["time"] = new JsonObject { ["created"] = 1_000, ["updated"] = 2_000 },
            },
        });

    public static string Assistant(string id, long created = 1_500, long? completed = 1_900, string modelId = "m-1") =>
        Line("message.updated", new JsonObject
        {
            ["sessionID"] = Session,
            ["info"] = new JsonObject
            {
                ["id"] = id, ["sessionID"] = Session, ["role"] = "assistant", ["modelID"] = modelId, ["providerID"] = "p-1",
                ["cost"] = 0.25,
                ["tokens"] = new JsonObject
                {
                    ["input"] = 10, ["output"] = 20, ["reasoning"] = 3,
                    ["cache"] = new JsonObject { ["read"] = 100, ["write"] = 7 },
                },
                ["time"] = completed is null
                    ? new JsonObject { ["created"] = created }
                    : new JsonObject { ["created"] = created, ["completed"] = completed },
            },
        });

    public static string Part(string messageId, string partId, JsonObject fields)
    {
        var part = new JsonObject { ["id"] = partId, ["messageID"] = messageId, ["sessionID"] = Session };
        foreach (var (k, v) in fields)
            part[k] = v?.DeepClone();
        return Line("message.part.updated", new JsonObject { ["sessionID"] = Session, ["part"] = part });
    }

    public static string Tool(string messageId, string partId, JsonObject state, string tool = "bash") =>
        Part(messageId, partId, new JsonObject { ["type"] = "tool", ["tool"] = tool, ["callID"] = "call_1", ["state"] = state });

    public static string Line(string type, JsonObject properties) =>
        new JsonObject { ["type"] = type, ["properties"] = properties }.ToJsonString();
}
