using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenCodeSync.Json;
using OpenCodeSync.OpenSync;

namespace OpenCodeSync.Tests.Support;

/// <summary>
/// An independent expectation for a recorded stream: the fixtures were written in emission order, so the
/// last event about an entity in the file is its final state. Nothing here uses the code under test.
/// </summary>
public static class FileOrderOracle
{
    public static string Render(IReadOnlyList<string> lines)
    {
        var sessions = new Dictionary<string, JsonObject>();
        var messages = new Dictionary<string, JsonObject>();
        var parts = new Dictionary<string, JsonObject>();
        foreach (var line in lines)
        {
            var e = JsonNode.Parse(line)!.AsObject();
            var props = e["properties"] as JsonObject;
            switch ((string?)e["type"])
            {
                case "session.created" or "session.updated":
                    sessions[(string)props!["info"]!["id"]!] = props["info"]!.AsObject();
                    break;
                case "message.updated":
                    messages[(string)props!["info"]!["id"]!] = props["info"]!.AsObject();
                    break;
                case "message.part.updated":
                    parts[(string)props!["part"]!["id"]!] = props["part"]!.AsObject();
                    break;
            }
        }

        var sb = new StringBuilder();
        foreach (var (sid, info) in sessions.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var own = messages.Values.Where(m => (string?)m["sessionID"] == sid)
                .OrderBy(m => (long)m["time"]!["created"]!).ThenBy(m => (string)m["id"]!, StringComparer.Ordinal).ToList();
            sb.AppendLine(JsonSerializer.Serialize(Session(sid, info, own), ContractJson.Default.SessionRecord));
            foreach (var m in own)
            {
                var mparts = parts.Values.Where(p => (string?)p["messageID"] == (string)m["id"]!)
                    .OrderBy(p => (string)p["id"]!, StringComparer.Ordinal).ToList();
                var complete = (string)m["role"]! == "user" ? mparts.Any(p => (string?)p["type"] == "text") : m["time"]!["completed"] is not null;
                sb.Append(complete ? "complete " : "incomplete ")
                  .AppendLine(JsonSerializer.Serialize(Message(sid, m, mparts), ContractJson.Default.MessageRecord));
            }
        }
        return sb.ToString();
    }

    private static long Tok(JsonObject m, string a, string? b = null) =>
        (long?)(b is null ? m["tokens"]?[a] : m["tokens"]?[a]?[b]) ?? 0;

    private static long Prompt(JsonObject m) => Tok(m, "input") + Tok(m, "cache", "read") + Tok(m, "cache", "write");

    private static long Completion(JsonObject m) => Tok(m, "output") + Tok(m, "reasoning");

    private static SessionRecord Session(string id, JsonObject info, List<JsonObject> msgs)
    {
        var assistants = msgs.Where(m => (string)m["role"]! == "assistant").ToList();
        long prompt = assistants.Sum(Prompt), completion = assistants.Sum(Completion);
        var cost = assistants.Sum(m => (double?)m["cost"] ?? 0);
        var created = (long)info["time"]!["created"]!;
        var last = new[] { (long)info["time"]!["updated"]! }
            .Concat(msgs.Select(m => (long)m["time"]!["created"]!))
            .Concat(msgs.Select(m => (long?)m["time"]!["completed"] ?? 0)).Max();
        var dir = (string)info["directory"]!;
        return new SessionRecord
        {
            ExternalId = id,
            Title = (string?)info["title"],
            ProjectPath = dir,
            ProjectName = dir.Split('/', StringSplitOptions.RemoveEmptyEntries).Last(),
            Model = (string?)info["model"]?["id"],
            Provider = (string?)info["model"]?["providerID"],
            PromptTokens = prompt > 0 ? prompt : null,
            CompletionTokens = completion > 0 ? completion : null,
            Cost = cost > 0 ? cost : null,
            DurationMs = last - created,
            CreatedAt = created,
        };
    }

    private static MessageRecord Message(string sid, JsonObject m, List<JsonObject> parts)
    {
        var assistant = (string)m["role"]! == "assistant";
        var texts = parts.Where(p => (string?)p["type"] == "text" && ((string?)p["text"] ?? "") != ""
                                     && (bool?)p["synthetic"] != true && (bool?)p["ignored"] != true)
            .Select(p => (string)p["text"]!).ToList();
        var records = new List<PartRecord>();
        foreach (var p in parts)
        {
            switch ((string?)p["type"])
            {
                case "text" when ((string?)p["text"] ?? "") != "" && (bool?)p["synthetic"] != true:
                    records.Add(new PartRecord("text", JsonValue.Create((string)p["text"]!)));
                    break;
                case "reasoning" when ((string?)p["text"] ?? "") != "":
                    records.Add(new PartRecord("reasoning", JsonValue.Create((string)p["text"]!)));
                    break;
                case "tool":
                    var state = p["state"]!;
                    records.Add(new PartRecord("tool-call", new JsonObject
                    {
                        ["name"] = (string)p["tool"]!, ["callID"] = (string)p["callID"]!, ["args"] = state["input"]!.DeepClone(),
                    }));
                    if ((string)state["status"]! == "completed")
                        records.Add(new PartRecord("tool-result", new JsonObject
                        {
                            ["name"] = (string)p["tool"]!, ["callID"] = (string)p["callID"]!, ["status"] = "completed",
                            ["title"] = (string)state["title"]!, ["result"] = state["output"]!.DeepClone(),
                        }));
                    break;
            }
        }
        var created = (long)m["time"]!["created"]!;
        var completed = (long?)m["time"]!["completed"];
        return new MessageRecord
        {
            SessionExternalId = sid,
            ExternalId = (string)m["id"]!,
            Role = (string)m["role"]!,
            TextContent = texts.Count > 0 ? string.Join("\n\n", texts) : null,
            Model = assistant ? (string?)m["modelID"] : (string?)m["model"]?["modelID"],
            PromptTokens = assistant && Prompt(m) > 0 ? Prompt(m) : null,
            CompletionTokens = assistant && Completion(m) > 0 ? Completion(m) : null,
            DurationMs = assistant && completed is not null ? completed - created : null,
            CreatedAt = created,
            Parts = records,
        };
    }
}
