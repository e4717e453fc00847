using OpenCodeSync.OpenCode;

namespace OpenCodeSync.Sync;

/// <summary>What folding one event line did.</summary>
public enum FoldResult
{
    /// <summary>Not a relevant event type, or a relevant one that changes nothing synced.</summary>
    Ignored,

    /// <summary>A version the store already had or an older one.</summary>
    Unchanged,

    Changed,

    Error,
}

public readonly record struct FoldStep(FoldResult Result, string? SessionId, string? Error);

/// <summary>Event lines → entity store: the whole data path of the hook minus persistence.</summary>
public sealed class SessionFold
{
    public EntityStore Store { get; } = new();

    public FoldStep Apply(ReadOnlySpan<byte> utf8Line)
    {
        if (!EventTypes.IsRelevant(utf8Line))
        {
            // A line whose type cannot be read at all is an error, not an event to skip silently.
            return EventTypes.ReadType(utf8Line) is null && !EventEnvelope.TryParse(utf8Line, out _, out var why)
                ? new FoldStep(FoldResult.Error, null, why)
                : new FoldStep(FoldResult.Ignored, null, null);
        }
        if (!EventEnvelope.TryParse(utf8Line, out var envelope, out var error))
            return new FoldStep(FoldResult.Error, null, error);
        var c = EventClassifier.Classify(envelope);
        if (c.Error is not null)
            return new FoldStep(FoldResult.Error, envelope.SessionId, c.Error);
        if (c.Update is not { } update)
            return new FoldStep(FoldResult.Ignored, envelope.SessionId, null);
        return new FoldStep(Store.Apply(update) ? FoldResult.Changed : FoldResult.Unchanged, update.SessionId, null);
    }

    public SessionSnapshot Snapshot(string sessionId) => Store.Snapshot(sessionId);
}
