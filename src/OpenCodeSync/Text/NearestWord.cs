namespace OpenCodeSync.Text;

/// <summary>The "did you mean" of a usage error: the one known word a typo is closest to, when it is close.</summary>
public static class NearestWord
{
    /// <summary>
    /// The candidate nearest to <paramref name="typed"/>, or null when none is within about one edit per three
    /// letters (not counting an option's leading dashes): a suggestion far from what was typed reads as a random
    /// word, worse than none. On a tie the earlier candidate wins.
    /// </summary>
    public static string? Find(string typed, IEnumerable<string> candidates)
    {
        var word = typed.ToLowerInvariant();
        var allowed = Math.Max(1, word.TrimStart('-').Length / 3);
        string? best = null;
        var bestDistance = allowed + 1;
        foreach (var candidate in candidates)
        {
            var d = EditDistance.Of(word, candidate, allowed);
            if (d < bestDistance || (d == bestDistance && best is not null && best.Length != word.Length && candidate.Length == word.Length))
                (best, bestDistance) = (candidate, d);
        }
        return best;
    }
}
