using OpenCodeSync.OpenSync;
using OpenCodeSync.Http;
using OpenCodeSync.State;

namespace OpenCodeSync.Delivery;

/// <summary>
/// Finds out, once per backend, whether a message insert adds its tokens to the session (see
/// <see cref="MessageTokenEffect"/>): the session's totals are read back just before and just after the first
/// token-carrying insert. Until that is known every such insert makes the totals unknown, and an update of cost or
/// duration must wait out the backend's 10 s window (a skip there would drop it); once known, the totals stay
/// known, and a turn's final record goes at once.
/// </summary>
public sealed class MessageTokenProbe(StateDb db, OpenSyncClient client)
{
    // The session being written to is among the most recently updated ones (each write touches it).
    private const int Recent = 10;

    public MessageTokenEffect Effect => db.MessageTokens(client.BaseUrl);

    /// <summary>Whether sending <paramref name="row"/> is a chance to find out (and the effect is not known yet).</summary>
    public bool WantsToWatch(OutboxRow row, (long Prompt, long Completion) tokens) =>
        row.Kind == RecordKind.Message && !row.WasSent && (tokens.Prompt > 0 || tokens.Completion > 0) && Effect == MessageTokenEffect.Unknown;

    /// <summary>The session's totals on the backend now, or null when they cannot be read.</summary>
    public async Task<(double Prompt, double Completion)?> ReadAsync(string sessionId, CancellationToken ct)
    {
        var reply = await client.RecentSessionsAsync(Recent, ct).ConfigureAwait(false);
        if (reply.Outcome == ApiOutcome.Rejected)
        {
            // No read route (404) on this deployment: ask no more, stay cautious.
            db.SetMessageTokens(client.BaseUrl, MessageTokenEffect.Unprobeable);
            return null;
        }

        // Unreachable, or not among the recent ones (another machine writing): a later insert asks again.
        return reply.Value?.Sessions?.FirstOrDefault(s => s.ExternalId == sessionId) is { } held ? (held.PromptTokens, held.CompletionTokens) : null;
    }

    /// <summary>Compares the totals around an accepted insert; when they tell, records the effect and the exact totals.</summary>
    public async Task AfterInsertAsync(string sessionId, (double Prompt, double Completion) before, (long Prompt, long Completion) inserted, CancellationToken ct)
    {
        if (await ReadAsync(sessionId, ct).ConfigureAwait(false) is not { } after)
            return;
        // Only "kept" is concluded: "summed" looks exactly like another write of the session landing in between (e.g.
        // the last request of an interrupted run), and a wrong "summed" would make every later belief wrong. A backend
        // that sums stays unknown, which is exact there too (the cautious path).
        if (after != before)
            return;
        var effect = MessageTokenEffect.Kept;
        db.SetMessageTokens(client.BaseUrl, effect);
        db.SetSessionBelief(sessionId, (long)after.Prompt, (long)after.Completion);
    }
}
