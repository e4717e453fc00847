using System.Text.Json.Nodes;
using OpenSync.ContractServer.Storage;

namespace OpenSync.ContractServer.Http;

/// <summary>
/// The documents as convex/api.ts hands them out. Convex drops undefined fields from documents, so an unset
/// optional field is absent, never null.
/// </summary>
internal static class ReadShapes
{
    public static JsonNode Session(StoredSession x)
    {
        var o = new JsonObject
        {
            ["id"] = x.Id,
            ["externalId"] = x.ExternalId,
        };
        Optional(o, "title", x.Title);
        Optional(o, "projectPath", x.ProjectPath);
        Optional(o, "projectName", x.ProjectName);
        Optional(o, "model", x.Model);
        Optional(o, "provider", x.Provider);
        o["promptTokens"] = x.PromptTokens;
        o["completionTokens"] = x.CompletionTokens;
        o["totalTokens"] = x.TotalTokens;
        o["cost"] = x.Cost;
        Optional(o, "durationMs", x.DurationMs);
        o["isPublic"] = false;
        o["messageCount"] = x.MessageCount;
        o["createdAt"] = x.CreatedAt;
        o["updatedAt"] = x.UpdatedAt;
        return o;
    }

    public static JsonNode Message(StoredMessage x)
    {
        var o = new JsonObject
        {
            ["id"] = x.Id,
            ["externalId"] = x.ExternalId,
            ["role"] = x.Role,
        };
        Optional(o, "textContent", x.TextContent);
        Optional(o, "model", x.Model);
        Optional(o, "promptTokens", x.PromptTokens);
        Optional(o, "completionTokens", x.CompletionTokens);
        Optional(o, "durationMs", x.DurationMs);
        o["createdAt"] = x.CreatedAt;
        o["parts"] = new JsonArray([.. x.Parts.OrderBy(p => p.Order).Select(p => (JsonNode)new JsonObject
        {
            ["type"] = p.Type,
            ["content"] = JsonNode.Parse(p.Content.GetRawText()),
        })]);
        return o;
    }

    private static void Optional(JsonObject o, string key, string? value)
    {
        if (value is not null) o[key] = value;
    }

    private static void Optional(JsonObject o, string key, double? value)
    {
        if (value is { } v) o[key] = v;
    }
}
