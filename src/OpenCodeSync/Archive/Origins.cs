namespace OpenCodeSync.Archive;

/// <summary>Where an archived session came from (the <c>origin</c> column).</summary>
public static class Origins
{
    /// <summary>Recorded on this machine from OpenCode's events or history: the richer copy, and the one sent.</summary>
    public const string Local = "local";

    /// <summary>Brought down from the backend by <c>pull</c>: another machine's (or another tool's); never sent back.</summary>
    public const string Pulled = "pulled";
}
