using System.Text.Json.Nodes;

namespace OpenSync.ContractServer.Storage;

/// <summary>
/// The documents as the backend's schema lays them out (parts are their own table), used to apply
/// Convex's per-document limits to exactly what would be written.
/// </summary>
internal static class Documents
{
    private const string UserId = "contract-user";

    public static JsonObject Session(StoredSession s) => Compact(new JsonObject
    {
        ["userId"] = UserId,
        ["externalId"] = s.ExternalId,
        ["title"] = s.Title,
        ["projectPath"] = s.ProjectPath,
        ["projectName"] = s.ProjectName,
        ["model"] = s.Model,
        ["provider"] = s.Provider,
        ["source"] = s.Source,
        ["promptTokens"] = s.PromptTokens,
        ["completionTokens"] = s.CompletionTokens,
        ["totalTokens"] = s.TotalTokens,
        ["cost"] = s.Cost,
        ["durationMs"] = s.DurationMs,
        ["isPublic"] = false,
        // The backend copies the title into a search field, so a long title counts twice.
        ["searchableText"] = s.Title,
        ["messageCount"] = s.MessageCount,
        ["createdAt"] = s.CreatedAt,
        ["updatedAt"] = s.UpdatedAt,
    });

    public static JsonObject Message(StoredMessage m) => Compact(new JsonObject
    {
        ["sessionId"] = m.SessionId,
        ["externalId"] = m.ExternalId,
        ["role"] = m.Role,
        ["textContent"] = m.TextContent,
        ["model"] = m.Model,
        ["promptTokens"] = m.PromptTokens,
        ["completionTokens"] = m.CompletionTokens,
        ["durationMs"] = m.DurationMs,
        ["createdAt"] = m.CreatedAt,
    });

    public static JsonObject Part(string messageId, PartInput part, int order) => new()
    {
        ["messageId"] = messageId,
        ["type"] = part.Type,
        ["content"] = part.Content?.DeepClone(),
        ["order"] = order,
    };

    public static JsonObject Part(string messageId, StoredPart part) =>
        Part(messageId, new PartInput(part.Type, JsonNode.Parse(part.Content.GetRawText())), part.Order);

    /// <summary>Convex drops fields set to undefined; C# nulls stand for undefined here.</summary>
    private static JsonObject Compact(JsonObject doc)
    {
        foreach (var name in doc.Where(p => p.Value is null).Select(p => p.Key).ToList()) doc.Remove(name);
        return doc;
    }
}
