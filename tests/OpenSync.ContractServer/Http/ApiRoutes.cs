using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OpenSync.ContractServer.Storage;

namespace OpenSync.ContractServer.Http;

/// <summary>The read routes of convex/api.ts, as far as a client of this tool uses them.</summary>
internal static class ApiRoutes
{
    /// <summary><c>GET /api/sessions?limit=N</c>: the N (default 50) most recently updated sessions, newest first.</summary>
    public static Task Sessions(HttpContext ctx, ServerContext s)
    {
        if (!s.ReadRoutes) return Replies.NotFound(ctx);
        if (s.Keys.Authorize(ctx.Request, apiKeyOnly: false) is { } authError) return Replies.Error(ctx, 401, authError);
        var limit = 50;
        if (ctx.Request.Query.TryGetValue("limit", out var raw) &&
            (!int.TryParse(raw.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) || limit < 0))
        {
            // The real route passes parseInt's NaN on to the query, which throws.
            return Replies.Error(ctx, 500, "Error: ArgumentValidationError: Value does not match validator. Path: .limit");
        }

        var sessions = s.Store.Sessions.OrderByDescending(x => x.UpdatedAt).ThenByDescending(x => x.Id, StringComparer.Ordinal).Take(limit);
        return Replies.Json(ctx, 200, new JsonObject { ["sessions"] = new JsonArray([.. sessions.Select(Shape)]) });
    }

    private static JsonNode Shape(StoredSession x)
    {
        var o = new JsonObject
        {
            ["id"] = x.Id,
            ["externalId"] = x.ExternalId,
        };
        // Optional fields are absent (not null) when unset, as Convex returns documents.
        Optional(o, "title", x.Title);
        Optional(o, "projectPath", x.ProjectPath);
        Optional(o, "projectName", x.ProjectName);
        Optional(o, "model", x.Model);
        Optional(o, "provider", x.Provider);
        o["promptTokens"] = x.PromptTokens;
        o["completionTokens"] = x.CompletionTokens;
        o["totalTokens"] = x.TotalTokens;
        o["cost"] = x.Cost;
        if (x.DurationMs is { } d) o["durationMs"] = d;
        o["isPublic"] = false;
        o["messageCount"] = x.MessageCount;
        o["createdAt"] = x.CreatedAt;
        o["updatedAt"] = x.UpdatedAt;
        return o;
    }

    private static void Optional(JsonObject o, string key, string? value)
    {
        if (value is not null) o[key] = value;
    }
}
