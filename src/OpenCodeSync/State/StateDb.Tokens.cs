namespace OpenCodeSync.State;

/// <summary>
/// What a backend does with the tokens of a message it inserts: the one fact the believed session totals hang on.
/// OpenSync before February 2026 added them to the session; today's keeps the session's totals as sent.
/// </summary>
public enum MessageTokenEffect
{
    /// <summary>Not found out yet: after a token-carrying insert the session's totals are unknown.</summary>
    Unknown,

    /// <summary>The session keeps the totals last sent (today's OpenSync).</summary>
    Kept,

    /// <summary>The insert adds the message's tokens to the session (OpenSync before February 2026).</summary>
    Summed,

    /// <summary>The backend cannot tell (no read route): treated as unknown, and not asked again.</summary>
    Unprobeable,
}

public sealed partial class StateDb
{
    private static string TokensKey(string backend) => "message_tokens " + backend;

    public MessageTokenEffect MessageTokens(string backend) => GetMeta(TokensKey(backend)) switch
    {
        "kept" => MessageTokenEffect.Kept,
        "summed" => MessageTokenEffect.Summed,
        "unprobeable" => MessageTokenEffect.Unprobeable,
        _ => MessageTokenEffect.Unknown,
    };

    public void SetMessageTokens(string backend, MessageTokenEffect effect) => SetMeta(TokensKey(backend), effect switch
    {
        MessageTokenEffect.Kept => "kept",
        MessageTokenEffect.Summed => "summed",
        MessageTokenEffect.Unprobeable => "unprobeable",
        _ => null,
    });

    /// <summary>The totals the backend is believed to hold for a session; null where unknown.</summary>
    public (long? Prompt, long? Completion) SessionBelief(string sessionId)
    {
        lock (_gate)
        {
            var s = _db.Prepare("SELECT server_prompt, server_completion FROM delivery WHERE kind = 'session' AND id = ?1").Bind(1, sessionId);
            var belief = s.Step() ? (s.Long(0), s.Long(1)) : ((long?)null, (long?)null);
            s.Reset();
            return belief;
        }
    }

    /// <summary>Replaces the belief with totals read back from the backend.</summary>
    public void SetSessionBelief(string sessionId, long prompt, long completion)
    {
        lock (_gate)
        {
            _db.Prepare("UPDATE delivery SET server_prompt = ?2, server_completion = ?3 WHERE kind = 'session' AND id = ?1")
                .Bind(1, sessionId).Bind(2, prompt).Bind(3, completion).Run();
        }
    }
}
