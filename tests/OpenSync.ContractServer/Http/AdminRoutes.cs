using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace OpenSync.ContractServer.Http;

/// <summary>
/// <c>/__admin/*</c>: fault injection and inspection for shell scripts. No auth (loopback only) and
/// never subject to faults or the request log.
/// </summary>
internal static class AdminRoutes
{
    public const string Prefix = "/__admin/";

    public static async Task DispatchAsync(HttpContext ctx, ServerContext s)
    {
        var route = (ctx.Request.Method, (ctx.Request.Path.Value ?? "")[Prefix.Length..]);
        JsonObject args;
        try
        {
            args = await ReadArgs(ctx);
        }
        catch (JsonException e)
        {
            await Replies.Error(ctx, 400, $"Bad admin request: {e.Message}");
            return;
        }
        try
        {
            switch (route)
            {
                case ("GET", "state"): await Replies.Json(ctx, 200, StateJson.State(s)); return;
                case ("GET", "requests"): await Replies.Json(ctx, 200, StateJson.Requests(s)); return;
                case ("POST", "fail"):
                    s.Faults.FailNext(Int(args, "count") ?? 1, Int(args, "status") ?? 500, Str(args, "body"),
                        Int(args, "retryAfterSeconds"), Str(args, "pathPrefix"), Bool(args, "afterProcessing"));
                    break;
                case ("POST", "drop"):
                    s.Faults.DropNext(Int(args, "count") ?? 1, Str(args, "pathPrefix"), Bool(args, "afterProcessing"));
                    break;
                case ("POST", "stall"):
                    s.Faults.StallNext(Int(args, "count") ?? 1, TimeSpan.FromMilliseconds(Int(args, "delayMs") ?? 30_000),
                        Str(args, "pathPrefix"));
                    break;
                case ("POST", "latency"):
                    s.Faults.Latency = TimeSpan.FromMilliseconds(Int(args, "ms") ?? throw new ArgumentException("`ms` is required"));
                    break;
                case ("POST", "down"): s.Faults.Down(); break;
                case ("POST", "up"): s.Faults.Up(); break;
                case ("POST", "faults/clear"): s.Faults.Clear(); break;
                case ("POST", "keys/revoke"): s.Keys.Revoke(Required(args, "key")); break;
                case ("POST", "keys/restore"): s.Keys.Restore(Required(args, "key")); break;
                case ("POST", "keys/add"): s.Keys.Add(Required(args, "key")); break;
                case ("POST", "reset"):
                    s.Store.Reset();
                    s.Log.Clear();
                    s.Faults.Clear();
                    break;
                default:
                    await Replies.NotFound(ctx);
                    return;
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            await Replies.Error(ctx, 400, $"Bad admin request: {e.Message}");
            return;
        }
        await Replies.Json(ctx, 200, new JsonObject { ["ok"] = true });
    }

    private static async Task<JsonObject> ReadArgs(HttpContext ctx)
    {
        using var reader = new StreamReader(ctx.Request.Body);
        var text = await reader.ReadToEndAsync(ctx.RequestAborted);
        if (string.IsNullOrWhiteSpace(text)) return [];
        return JsonNode.Parse(text) as JsonObject ?? throw new JsonException("the body must be a JSON object");
    }

    private static int? Int(JsonObject args, string name) => args[name]?.GetValue<int>();

    private static string? Str(JsonObject args, string name) => args[name]?.GetValue<string>();

    private static bool Bool(JsonObject args, string name) => args[name]?.GetValue<bool>() ?? false;

    private static string Required(JsonObject args, string name) =>
        Str(args, name) ?? throw new ArgumentException($"`{name}` is required");
}
