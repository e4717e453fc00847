using Polly;

namespace OpenCodeSync.Http;

/// <summary>
/// Runs every request through a Polly pipeline. What Microsoft.Extensions.Http.Resilience's handler does,
/// minus its DI, options and telemetry layers (over a megabyte of the binary for nothing we use).
/// The same request message is re-sent on retry: bodies are byte arrays, so they can be read again.
/// </summary>
internal sealed class ResilientHandler(ResiliencePipeline<HttpResponseMessage> pipeline, HttpMessageHandler inner)
    : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            var outcome = await pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    try
                    {
                        return Outcome.FromResult(await state.Self.SendOnceAsync(state.Request, ctx.CancellationToken).ConfigureAwait(false));
                    }
                    catch (Exception e)
                    {
                        return Outcome.FromException<HttpResponseMessage>(e);
                    }
                },
                context,
                (Self: this, Request: request)).ConfigureAwait(false);
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken ct) => base.SendAsync(request, ct);
}
