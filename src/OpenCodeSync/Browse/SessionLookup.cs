using OpenCodeSync.Archive;

namespace OpenCodeSync.Browse;

/// <summary>Turns the id a user typed into a session, or into the one line that says why not.</summary>
internal static class SessionLookup
{
    /// <summary>The full id, or null after reporting an unknown or ambiguous id (exit 1).</summary>
    public static string? Resolve(ArchiveReader archive, string input, out int exitCode)
    {
        exitCode = 0;
        var match = archive.Db.ResolveId(input);
        if (match.Id is { } id)
            return id;
        exitCode = archive.Error(match.IsAmbiguous
            ? $"'{input}' matches {(match.Candidates.Count > 10 ? "more than 10" : match.Candidates.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))} sessions: " +
              $"{string.Join(", ", match.Candidates.Take(10))}; type more of the id"
            : match.CloseMatches.Count > 0
                ? $"no session '{input}' in the archive; did you mean {string.Join(", ", match.CloseMatches)}?"
                : $"no session '{input}' in the archive ('opencode-sync sessions' lists them)");
        return null;
    }
}
