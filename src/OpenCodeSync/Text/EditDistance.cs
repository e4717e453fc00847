namespace OpenCodeSync.Text;

/// <summary>
/// Edit distance for "did you mean" suggestions: Levenshtein plus the swap of two neighbours as one edit
/// (optimal string alignment), since <c>sycn</c> is one slip of the fingers, not two.
/// </summary>
public static class EditDistance
{
    /// <summary>The distance between <paramref name="a"/> and <paramref name="b"/>; anything over <paramref name="max"/> is reported as max + 1.</summary>
    public static int Of(string a, string b, int max = int.MaxValue - 1)
    {
        if (Math.Abs(a.Length - b.Length) > max)
            return max + 1;
        var beforePrevious = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    current[j] = Math.Min(current[j], beforePrevious[j - 2] + 1);
                rowMin = Math.Min(rowMin, current[j]);
            }
            // Every later row is at least this row's minimum (a swap adds one to a cell two rows up, which is no less
            // than the diagonal it skips): stop once nothing can get back under max.
            if (rowMin > max)
                return max + 1;
            (beforePrevious, previous, current) = (previous, current, beforePrevious);
        }
        return Math.Min(previous[b.Length], max + 1);
    }
}
