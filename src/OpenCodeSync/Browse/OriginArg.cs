using OpenCodeSync.Archive;

namespace OpenCodeSync.Browse;

/// <summary><c>--origin local|pulled</c>: sessions recorded on this machine, or brought down by <c>pull</c>.</summary>
public static class OriginArg
{
    /// <summary>The origin to filter on (null: both), or false with the usage error.</summary>
    public static bool TryParse(string? text, out string? origin, out string? error)
    {
        (origin, error) = text?.Trim().ToLowerInvariant() switch
        {
            null => (null, null),
            Origins.Local => (Origins.Local, null),
            Origins.Pulled => (Origins.Pulled, null),
            _ => ((string?)null, $"--origin '{text}' is not one of local, pulled"),
        };
        return error is null;
    }
}
