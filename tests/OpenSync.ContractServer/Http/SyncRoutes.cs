using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OpenSync.ContractServer.Storage;
using OpenSync.ContractServer.Validation;

namespace OpenSync.ContractServer.Http;

/// <summary>The backend's HTTP actions: auth first, then the body, then one mutation.</summary>
internal static class SyncRoutes
{
    public static Task Health(HttpContext ctx, ServerContext s) =>
        Replies.Json(ctx, 200, new JsonObject { ["status"] = "ok", ["timestamp"] = s.NowMs });

    public static Task ListSessions(HttpContext ctx, ServerContext s)
    {
        if (s.Keys.Authorize(ctx.Request, apiKeyOnly: true) is { } authError) return Replies.Error(ctx, 401, authError);
        var ids = new JsonArray([.. s.Store.SessionExternalIds.Select(id => (JsonNode)JsonValue.Create(id))]);
        return Replies.Json(ctx, 200, new JsonObject { ["sessionIds"] = ids });
    }

    public static Task Session(HttpContext ctx, ServerContext s) => WithBody(ctx, s, async body =>
    {
        var obj = body as JsonObject;
        // `body.externalId || body.sessionId`: JS truthiness decides, the validator checks the type after.
        var resolved = Truthy(obj?["externalId"]) ? obj!["externalId"] : Truthy(obj?["sessionId"]) ? obj!["sessionId"] : null;
        if (resolved is null)
        {
            await Replies.Error(ctx, 400, "Missing externalId or sessionId");
            return;
        }
        ConvexLimits.CheckValue(obj, "");
        var input = SessionValidator.ValidateSingle(obj!, resolved);
        var (id, skipped) = s.Store.UpsertSession(input, "/sync/session");
        MarkSkipped(ctx, skipped);
        await Replies.Json(ctx, 200, new JsonObject { ["ok"] = true, ["sessionId"] = id });
    });

    public static Task Message(HttpContext ctx, ServerContext s) => WithBody(ctx, s, async body =>
    {
        // Fields of a non-object body read as undefined, so the validator reports them missing.
        var args = body as JsonObject ?? [];
        ConvexLimits.CheckValue(args, "");
        MessageValidator.SingleRoute.Check(args, "");
        var (id, skipped) = s.Store.UpsertMessage(MessageValidator.ToInput(args), "/sync/message");
        MarkSkipped(ctx, skipped);
        await Replies.Json(ctx, 200, new JsonObject { ["ok"] = true, ["messageId"] = id });
    });

    public static Task Batch(HttpContext ctx, ServerContext s) => WithBody(ctx, s, async body =>
    {
        var obj = body as JsonObject;
        var errors = new List<string>();
        int sessionCount = 0, messageCount = 0;
        var skipped = false;

        if (HasLength(obj?["sessions"]))
        {
            try
            {
                var inputs = ValidateBatch(obj!["sessions"], ".sessions", SessionValidator.BatchItem, SessionValidator.ToInput);
                var result = s.Store.UpsertSessions(inputs, "/sync/batch");
                sessionCount = result.Written;
                skipped |= result.Skipped > 0;
            }
            catch (ContractException e)
            {
                errors.Add($"Sessions batch error: {e.Message}");
            }
        }

        if (HasLength(obj?["messages"]))
        {
            try
            {
                var inputs = ValidateBatch(obj!["messages"], ".messages", MessageValidator.BatchItem, MessageValidator.ToInput);
                var result = s.Store.UpsertMessages(inputs, "/sync/batch");
                messageCount = result.Written;
                skipped |= result.Skipped > 0;
                errors.AddRange(result.Errors);
            }
            catch (ContractException e)
            {
                errors.Add($"Messages batch error: {e.Message}");
            }
        }

        MarkSkipped(ctx, skipped);
        await Replies.Json(ctx, 200, new JsonObject
        {
            ["ok"] = true,
            ["sessions"] = sessionCount,
            ["messages"] = messageCount,
            ["errors"] = new JsonArray([.. errors.Select(e => (JsonNode)JsonValue.Create(e))]),
        });
    });

    private static List<T> ValidateBatch<T>(JsonNode? items, string path, ObjectValidator item, Func<JsonObject, T> toInput)
    {
        ConvexLimits.CheckValue(items, path);
        ConvexValidator.Array(item).Check(items, path);
        return [.. ((JsonArray)items!).Select(i => toInput((JsonObject)i!))];
    }

    /// <summary>Auth, body limit, JSON parse; any <see cref="ContractException"/> becomes a 500 like the backend's catch.</summary>
    private static async Task WithBody(HttpContext ctx, ServerContext s, Func<JsonNode, Task> handle)
    {
        if (s.Keys.Authorize(ctx.Request, apiKeyOnly: false) is { } authError)
        {
            await Replies.Error(ctx, 401, authError);
            return;
        }
        var bytes = await BodyReader.ReadAsync(ctx);
        if (bytes is null)
        {
            await Replies.Error(ctx, 413, $"Error: Request body too large (limit {ConvexLimits.MaxBodyBytes} bytes)");
            return;
        }
        try
        {
            var body = BodyReader.ParseJson(bytes)
                ?? throw new ContractException("TypeError: Cannot read properties of null");
            await handle(body);
        }
        catch (ContractException e)
        {
            await Replies.Error(ctx, 500, e.Message);
        }
    }

    private static void MarkSkipped(HttpContext ctx, bool skipped)
    {
        if (skipped) ctx.Items[ServerContext.SkippedItem] = true;
    }

    private static bool Truthy(JsonNode? value) => value switch
    {
        null => false,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Length > 0,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>() != 0,
        JsonValue v when v.GetValueKind() == JsonValueKind.False => false,
        _ => true,
    };

    /// <summary><c>body.x &amp;&amp; body.x.length &gt; 0</c>: non-empty arrays and strings pass, anything else is ignored.</summary>
    private static bool HasLength(JsonNode? value) => value switch
    {
        JsonArray array => array.Count > 0,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Length > 0,
        _ => false,
    };
}
