using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OpenSync.ContractServer.Json;

namespace OpenSync.ContractServer.Http;

/// <summary>Writes replies the way the backend's <c>json()</c> helper does: JSON body plus CORS headers.</summary>
internal static class Replies
{
    public static Task Json(HttpContext ctx, int status, JsonNode body) => Raw(ctx, status, JsonText.Stringify(body));

    public static Task Error(HttpContext ctx, int status, string message) =>
        Json(ctx, status, new JsonObject { ["error"] = message });

    public static async Task Raw(HttpContext ctx, int status, string body, string contentType = "application/json")
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = contentType;
        AddCors(ctx.Response);
        var bytes = Encoding.UTF8.GetBytes(body);
        ctx.Response.ContentLength = bytes.Length;
        await ctx.Response.Body.WriteAsync(bytes, ctx.RequestAborted);
    }

    public static void AddCors(HttpResponse response)
    {
        response.Headers.AccessControlAllowOrigin = "*";
        response.Headers.AccessControlAllowMethods = "GET, POST, DELETE, OPTIONS";
        response.Headers.AccessControlAllowHeaders = "Authorization, Content-Type";
    }

    /// <summary>Convex's router answers unknown paths and methods with a plain-text 404.</summary>
    public static Task NotFound(HttpContext ctx) => Raw(ctx, 404, "No matching routes found", "text/plain; charset=utf-8");
}
