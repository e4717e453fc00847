namespace OpenCodeSync.OpenCode;

/// <summary>What the fast type check found in one event line.</summary>
public enum TypeCheck
{
    Relevant,
    Irrelevant,

    /// <summary>No top-level string <c>type</c> before the JSON ended or broke: garbage, truncated, or not an event.</summary>
    NoType,
}

public static class EventTypeCheck
{
    /// <summary>Like <see cref="EventTypes.IsRelevant(ReadOnlySpan{byte})"/>, but tells garbage from an uninteresting type.</summary>
    public static TypeCheck Check(ReadOnlySpan<byte> utf8Line)
    {
        if (EventTypes.IsRelevant(utf8Line))
            return TypeCheck.Relevant;
        return EventTypes.ReadType(utf8Line) is null ? TypeCheck.NoType : TypeCheck.Irrelevant;
    }
}
