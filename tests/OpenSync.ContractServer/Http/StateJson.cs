using System.Text.Json.Nodes;
using OpenSync.ContractServer.Storage;

namespace OpenSync.ContractServer.Http;

/// <summary>The inspection records as JSON, for <c>GET /__admin/state</c> (built by hand: no reflection).</summary>
internal static class StateJson
{
    public static JsonObject State(ServerContext s) => new()
    {
        ["sessions"] = new JsonArray([.. s.Store.Sessions.Select(Session)]),
        ["messages"] = new JsonArray([.. s.Store.Messages.Select(Message)]),
        ["skipped"] = new JsonArray([.. s.Store.Skipped.Select(Skipped)]),
        ["routeCounts"] = new JsonObject([.. s.Log.CountsByRoute.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))]),
        ["requestCount"] = s.Log.Records.Count,
        ["down"] = s.Faults.IsDown,
        ["latencyMs"] = (long)s.Faults.Latency.TotalMilliseconds,
        ["pendingFaults"] = s.Faults.Pending.Sum(r => r.Remaining),
    };

    public static JsonArray Requests(ServerContext s) => new([.. s.Log.Records.Select(r => (JsonNode)new JsonObject
    {
        ["at"] = r.At.ToUnixTimeMilliseconds(),
        ["method"] = r.Method,
        ["path"] = r.Path,
        ["status"] = r.Status,
        ["bodyBytes"] = r.BodyBytes,
        ["skipped"] = r.Skipped,
        ["fault"] = r.Fault,
    })]);

    private static JsonNode Session(StoredSession x) => new JsonObject
    {
        ["id"] = x.Id,
        ["externalId"] = x.ExternalId,
        ["title"] = x.Title,
        ["projectPath"] = x.ProjectPath,
        ["projectName"] = x.ProjectName,
        ["model"] = x.Model,
        ["provider"] = x.Provider,
        ["source"] = x.Source,
        ["promptTokens"] = x.PromptTokens,
        ["completionTokens"] = x.CompletionTokens,
        ["totalTokens"] = x.TotalTokens,
        ["cost"] = x.Cost,
        ["durationMs"] = x.DurationMs,
        ["messageCount"] = x.MessageCount,
        ["createdAt"] = x.CreatedAt,
        ["updatedAt"] = x.UpdatedAt,
        ["autoCreated"] = x.AutoCreated,
        ["writes"] = x.Writes,
    };

    private static JsonNode Message(StoredMessage x) => new JsonObject
    {
        ["id"] = x.Id,
        ["sessionExternalId"] = x.SessionExternalId,
        ["externalId"] = x.ExternalId,
        ["role"] = x.Role,
        ["textContent"] = x.TextContent,
        ["model"] = x.Model,
        ["promptTokens"] = x.PromptTokens,
        ["completionTokens"] = x.CompletionTokens,
        ["durationMs"] = x.DurationMs,
        ["createdAt"] = x.CreatedAt,
        ["updatedAt"] = x.UpdatedAt,
        ["writes"] = x.Writes,
        ["parts"] = new JsonArray([.. x.Parts.Select(p => (JsonNode)new JsonObject
        {
            ["type"] = p.Type,
            ["content"] = JsonNode.Parse(p.Content.GetRawText()),
            ["order"] = p.Order,
        })]),
    };

    private static JsonNode Skipped(SkippedUpdate x) => new JsonObject
    {
        ["kind"] = x.Kind,
        ["externalId"] = x.ExternalId,
        ["route"] = x.Route,
        ["at"] = x.At.ToUnixTimeMilliseconds(),
        ["reason"] = x.Reason,
    };
}
