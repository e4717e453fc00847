using OpenCodeSync.OpenCode;

namespace OpenCodeSync.Hook;

/// <summary>
/// Decides per candidate event: irrelevant types are dropped after reading only the type (most events
/// are streaming noise); relevant ones are fully validated; anything else is a rejection with a reason.
/// </summary>
public static class EventFilter
{
    public static (List<ReadOnlyMemory<byte>> Accepted, int Ignored, List<string> Rejections) Apply(List<ReadOnlyMemory<byte>> candidates)
    {
        var accepted = new List<ReadOnlyMemory<byte>>(candidates.Count);
        var rejections = new List<string>();
        var ignored = 0;
        foreach (var candidate in candidates)
        {
            var json = candidate.Span;
            switch (EventTypeCheck.Check(json))
            {
                case TypeCheck.Irrelevant:
                    ignored++;
                    break;
                case TypeCheck.Relevant:
                    if (EventEnvelope.TryParse(json, out _, out var error))
                    {
                        accepted.Add(candidate);
                    }
                    else
                    {
                        rejections.Add($"{error}; input {InputPreview.Of(json)}");
                    }

                    break;
                default:
                    // Garbage is rare, so the full parse that names the problem is affordable here.
                    var reason = EventEnvelope.TryParse(json, out _, out var why) ? "event has no string \"type\"" : why;
                    rejections.Add($"{reason}; input {InputPreview.Of(json)}");
                    break;
            }
        }

        return (accepted, ignored, rejections);
    }
}
