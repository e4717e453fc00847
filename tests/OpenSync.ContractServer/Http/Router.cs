using Microsoft.AspNetCore.Http;

namespace OpenSync.ContractServer.Http;

/// <summary>
/// Exact, case-sensitive method+path matching like Convex's HTTP router; a wrong method is a 404, not
/// a 405, and OPTIONS on any path is the CORS preflight.
/// </summary>
internal static class Router
{
    private static readonly Dictionary<(string Method, string Path), Func<HttpContext, ServerContext, Task>> Routes = new()
    {
        [("GET", "/health")] = SyncRoutes.Health,
        [("POST", "/sync/session")] = SyncRoutes.Session,
        [("POST", "/sync/message")] = SyncRoutes.Message,
        [("POST", "/sync/batch")] = SyncRoutes.Batch,
        [("GET", "/sync/sessions/list")] = SyncRoutes.ListSessions,
        [("GET", "/api/sessions")] = ApiRoutes.Sessions,
        [("GET", "/api/sessions/get")] = ApiRoutes.Session,
    };

    public static Task DispatchAsync(HttpContext ctx, ServerContext s)
    {
        var method = ctx.Request.Method;
        var path = ctx.Request.Path.Value ?? "/";
        if (method == HttpMethods.Options)
        {
            ctx.Response.StatusCode = 204;
            Replies.AddCors(ctx.Response);
            ctx.Response.Headers.AccessControlMaxAge = "86400";
            return Task.CompletedTask;
        }
        return Routes.TryGetValue((method, path), out var handler) ? handler(ctx, s) : Replies.NotFound(ctx);
    }
}
