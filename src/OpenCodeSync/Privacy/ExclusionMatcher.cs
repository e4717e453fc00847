namespace OpenCodeSync.Privacy;

/// <summary>
/// The <c>exclude</c> setting: project paths whose sessions are never synced. Globs over whole path
/// segments: <c>*</c> and <c>?</c> within one segment, <c>**</c> any number of segments (also none),
/// <c>~</c> the home directory; a trailing <c>/</c> means the directory and everything under it. A glob
/// that is not absolute matches at any depth (<c>client-*</c> = <c>**/client-*</c>).
/// </summary>
/// <remarks>
/// Hand-written rather than Microsoft.Extensions.FileSystemGlobbing: that matcher works on files relative
/// to a root it enumerates, with no <c>~</c> and no "this directory itself"; here one absolute directory
/// string is tested per event and a dependency would only add start-up cost.
/// </remarks>
public sealed class ExclusionMatcher
{
    private readonly List<Glob> _globs;
    private readonly StringComparison _comparison;

    public ExclusionMatcher(IEnumerable<string> globs, string homeDirectory, bool ignoreCase = false)
    {
        _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        _globs = globs.Where(g => Problem(g) is null).Select(g => Glob.Parse(g, homeDirectory)).ToList();
    }

    public bool IsEmpty => _globs.Count == 0;

    /// <summary>Why <paramref name="glob"/> cannot be used, or null.</summary>
    public static string? Problem(string glob)
    {
        glob = glob.Trim();
        if (glob.Length == 0)
            return "an empty pattern";
        if (glob[0] == '~' && glob.Length > 1 && glob[1] is not ('/' or '\\'))
            return "~user is not supported; write the full path";
        return null;
    }

    public bool IsExcluded(string? projectPath)
    {
        if (string.IsNullOrWhiteSpace(projectPath) || _globs.Count == 0)
            return false;
        var path = Segments(projectPath);
        foreach (var glob in _globs)
        {
            if (Match(glob, 0, path, 0))
                return true;
        }
        return false;
    }

    private bool Match(Glob glob, int gi, string[] path, int pi)
    {
        if (gi == glob.Segments.Length)
            return pi == path.Length || glob.IncludesBelow;
        if (glob.Segments[gi] == "**")
        {
            for (var k = pi; k <= path.Length; k++)
            {
                if (Match(glob, gi + 1, path, k))
                    return true;
            }
            return false;
        }
        return pi < path.Length && SegmentMatches(glob.Segments[gi], path[pi]) && Match(glob, gi + 1, path, pi + 1);
    }

    // Wildcards within one segment; greedy with one backtrack point, linear in practice.
    private bool SegmentMatches(string pattern, string name)
    {
        int p = 0, n = 0, starP = -1, starN = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || string.Compare(pattern, p, name, n, 1, _comparison) == 0) && pattern[p] != '*')
            {
                p++;
                n++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starN = n;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                n = ++starN;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
            p++;
        return p == pattern.Length;
    }

    /// <summary>Path segments with <c>.</c> dropped and <c>..</c> applied; backslashes count as separators.</summary>
    internal static string[] Segments(string path)
    {
        var result = new List<string>();
        foreach (var s in path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (s == ".")
                continue;
            if (s == ".." && result.Count > 0 && result[^1] != "**")
                result.RemoveAt(result.Count - 1);
            else if (s != "..")
                result.Add(s);
        }
        return result.ToArray();
    }

    private sealed record Glob(string[] Segments, bool IncludesBelow)
    {
        public static Glob Parse(string glob, string home)
        {
            glob = glob.Trim();
            var includesBelow = glob.EndsWith('/') || glob.EndsWith('\\');
            if (glob == "~" || glob.StartsWith("~/", StringComparison.Ordinal) || glob.StartsWith("~\\", StringComparison.Ordinal))
                glob = home.TrimEnd('/', '\\') + "/" + glob[1..];
            var absolute = glob.StartsWith('/') || glob.StartsWith('\\') || (glob.Length > 2 && glob[1] == ':');
            var segments = ExclusionMatcher.Segments(glob);
            return new Glob(absolute ? segments : ["**", .. segments], includesBelow);
        }
    }
}
