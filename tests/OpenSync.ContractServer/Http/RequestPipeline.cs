using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OpenSync.ContractServer.Json;
using OpenSync.ContractServer.Storage;

namespace OpenSync.ContractServer.Http;

/// <summary>Wraps every backend request: applies injected faults, then logs what the client saw.</summary>
internal static class RequestPipeline
{
    public static async Task HandleAsync(HttpContext ctx, ServerContext s)
    {
        var at = s.Time.GetUtcNow();
        string? fault = null;
        var dropped = false;
        try
        {
            if (s.Faults.IsDown)
            {
                (fault, dropped) = ("down", true);
                ctx.Abort();
                return;
            }
            if (s.Faults.Latency is { Ticks: > 0 } latency)
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, s.Stopping.Token);
                await Task.Delay(latency, cts.Token);
            }
            var rule = s.Faults.Take((ctx.Request.Path.Value ?? "/") + ctx.Request.QueryString.Value);
            fault = rule is null ? null : rule.Kind.ToString().ToLowerInvariant() + (rule.AfterProcessing ? "-after" : "");
            switch (rule)
            {
                case null:
                    await Router.DispatchAsync(ctx, s);
                    break;
                case { Kind: FaultKind.Stall }:
                    using (var cts = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, s.Stopping.Token))
                        await Task.Delay(rule.Delay, cts.Token);
                    await Router.DispatchAsync(ctx, s);
                    break;
                case { AfterProcessing: true }:
                    await DispatchDiscardingReply(ctx, s);
                    dropped = await ApplyAsync(ctx, rule);
                    break;
                default:
                    dropped = await ApplyAsync(ctx, rule);
                    break;
            }
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested || s.Stopping.IsCancellationRequested)
        {
            (fault, dropped) = (fault ?? "client-aborted", true);
        }
        finally
        {
            var bytes = ctx.Items.TryGetValue(BodyReader.BodyBytesItem, out var n) ? (long)n! : ctx.Request.ContentLength ?? 0;
            s.Log.Add(new RequestRecord(
                at, ctx.Request.Method, ctx.Request.Path.Value ?? "/", dropped ? 0 : ctx.Response.StatusCode, bytes,
                ctx.Items.ContainsKey(ServerContext.SkippedItem), fault, ctx.Request.Headers.UserAgent.ToString()));
        }
    }

    /// <summary>Runs the real handler (so the write happens) but keeps its reply from the client.</summary>
    private static async Task DispatchDiscardingReply(HttpContext ctx, ServerContext s)
    {
        var original = ctx.Response.Body;
        using var discard = new MemoryStream();
        ctx.Response.Body = discard;
        try
        {
            await Router.DispatchAsync(ctx, s);
        }
        finally
        {
            ctx.Response.Body = original;
        }
        ctx.Response.Clear();
    }

    /// <summary>Answers with the rule's failure; returns true when the connection was dropped.</summary>
    private static async Task<bool> ApplyAsync(HttpContext ctx, FaultRule rule)
    {
        if (rule.Kind == FaultKind.Drop)
        {
            ctx.Abort();
            return true;
        }
        if (rule.RetryAfterSeconds is { } seconds)
            ctx.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var body = rule.Body ?? JsonText.Stringify(new JsonObject { ["error"] = $"Injected fault: HTTP {rule.Status}" });
        await Replies.Raw(ctx, rule.Status, body);
        return false;
    }
}
