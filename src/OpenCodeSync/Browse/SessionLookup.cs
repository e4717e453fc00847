using OpenCodeSync.Archive;

namespace OpenCodeSync.Browse;

/// <summary>Turns the id a user typed into a session, or into the one line that says why not.</summary>
internal static class SessionLookup
{
    /// <summary>The full id, or null and why not (the candidates of an ambiguous id, close ids for a typo).</summary>
    public static string? Find(ArchiveDb db, string input, out string problem)
    {
        problem = "";
        var match = db.ResolveId(input);
        if (match.Id is { } id)
            return id;
        problem = match.IsAmbiguous
            ? $"'{input}' matches {(match.Candidates.Count > 10 ? "more than 10" : match.Candidates.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))} sessions: " +
              $"{string.Join(", ", match.Candidates.Take(10))}; type more of the id"
            : match.CloseMatches.Count > 0
                ? $"no session '{input}' in the archive; did you mean {string.Join(", ", match.CloseMatches)}?"
                : $"no session '{input}' in the archive ('opencode-sync sessions' lists them)";
        return null;
    }
}
