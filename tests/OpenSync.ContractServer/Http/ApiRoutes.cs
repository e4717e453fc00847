using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OpenSync.ContractServer.Storage;
using OpenSync.ContractServer.Validation;

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

        try
        {
            var sessions = s.Store.RecentSessions(limit, s.NewReadBudget());
            return Replies.Json(ctx, 200, new JsonObject { ["sessions"] = new JsonArray([.. sessions.Select(ReadShapes.Session)]) });
        }
        catch (ContractException e)
        {
            return Replies.Error(ctx, 500, e.Message);
        }
    }

    /// <summary><c>GET /api/sessions/get?id=ID</c>: one session by the backend's own id, with its messages oldest first.</summary>
    public static Task Session(HttpContext ctx, ServerContext s)
    {
        if (!s.ReadRoutes) return Replies.NotFound(ctx);
        if (s.Keys.Authorize(ctx.Request, apiKeyOnly: false) is { } authError) return Replies.Error(ctx, 401, authError);
        // URLSearchParams.get: the first value wins, and an empty one is as missing as none.
        var values = ctx.Request.Query["id"];
        var id = values.Count > 0 ? values[0] : null;
        if (string.IsNullOrEmpty(id)) return Replies.Error(ctx, 400, "Missing session ID");

        try
        {
            if (!Store.IsWellFormedId(id))
                throw new ContractException(
                    $"Error: ArgumentValidationError: Value does not match validator. Path: .sessionId Value: \"{id}\" Validator: v.id(\"sessions\")");
            var found = s.Store.SessionWithMessages(id, s.NewReadBudget());
            if (found is null) return Replies.Error(ctx, 404, "Session not found");
            var (session, messages) = found.Value;
            return Replies.Json(ctx, 200, new JsonObject
            {
                ["session"] = ReadShapes.Session(session),
                ["messages"] = new JsonArray([.. messages.Select(ReadShapes.Message)]),
            });
        }
        catch (ContractException e)
        {
            return Replies.Error(ctx, 500, e.Message);
        }
    }
}
