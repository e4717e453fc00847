namespace OpenCodeSync.Pull;

/// <summary>How a pull pages and paces; tests make the pages small.</summary>
public sealed record PullOptions
{
    public static PullOptions Default { get; } = new();

    /// <summary>The first list request's limit; grown ×4 while the list may hold unknown sessions.</summary>
    public int FirstPage { get; init; } = 100;

    /// <summary>Convex caps what one query reads: a list beyond this is not asked for.</summary>
    public int MaxList { get; init; } = 25_600;

    /// <summary>Session fetches in flight at once.</summary>
    public int Concurrency { get; init; } = 16;
}
