using OpenCodeSync.Config;
using OpenCodeSync.Hosting;
using OpenCodeSync.OpenSync;
using OpenCodeSync.Cli;
using OpenCodeSync.Http;

namespace OpenCodeSync.Commands;

/// <summary>One timed, read-only request that proves the URL and key work (status and verify share it).</summary>
internal static class BackendProbe
{
    public static async Task<BackendCheck> CheckAsync(CliContext ctx, EffectiveConfig config, CancellationToken ct)
    {
        if (!BackendUrl.TryNormalize(config.Url.Value, out var url, out var urlError))
        {
            return new BackendCheck(false, 0, null, $"the URL is invalid: {urlError}");
        }

        if (!ApiKey.TryValidate(config.ApiKey.Value, out var key, out var keyError))
        {
            return new BackendCheck(false, 0, null, keyError);
        }

        var result = await ctx.InteractiveClient(url, key).ListSessionsAsync(ct).ConfigureAwait(false);
        var ms = (long)result.Elapsed.TotalMilliseconds;
        return result.Outcome switch
        {
            ApiOutcome.Ok => new BackendCheck(true, ms, result.Value?.SessionIds?.Count ?? 0, null),
            ApiOutcome.Unauthorized => new BackendCheck(false, ms, null, $"the key was refused ({result.Message}); run 'opencode-sync login' with a new key"),
            _ => new BackendCheck(false, ms, null, result.Describe()),
        };
    }
}
