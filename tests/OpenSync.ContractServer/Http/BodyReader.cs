using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OpenSync.ContractServer.Json;
using OpenSync.ContractServer.Validation;

namespace OpenSync.ContractServer.Http;

/// <summary>Reads a request body under the HTTP action size limit and parses it strictly.</summary>
internal static class BodyReader
{
    public const string BodyBytesItem = "contract.bodyBytes";

    /// <summary>Null when the body is over the limit (the caller answers 413).</summary>
    public static async Task<byte[]?> ReadAsync(HttpContext ctx)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await ctx.Request.Body.ReadAsync(chunk, ctx.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            ctx.Items[BodyBytesItem] = buffer.Length;
            if (buffer.Length > ConvexLimits.MaxBodyBytes) return null;
        }
        ctx.Items[BodyBytesItem] = buffer.Length;
        return buffer.ToArray();
    }

    /// <summary>The body as <c>request.json()</c> would give it; throws <see cref="ContractException"/>.</summary>
    public static JsonNode? ParseJson(byte[] body) => StrictJsonParser.Parse(body);
}
