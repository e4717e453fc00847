using System.Buffers;
using System.Text.RegularExpressions;

namespace OpenCodeSync.Privacy;

/// <summary>
/// One kind of secret: a regex plus the substrings that any of its matches must contain (case-insensitive).
/// The substrings let a text without them skip the regex entirely; built-in regexes are anchored at them.
/// </summary>
internal sealed class Rule
{
    public Rule(string kind, Regex regex, string[] triggers, Func<Match, string, Hit?>? judge = null, Func<string, int, bool>? mayMatchAt = null)
    {
        MayMatchAt = mayMatchAt;
        ArgumentNullException.ThrowIfNull(triggers);
        Kind = kind;
        Regex = regex;
        Triggers = triggers;
        TriggerValues = triggers.Length == 0 ? null : SearchValues.Create(triggers, StringComparison.OrdinalIgnoreCase);
        Judge = judge ?? WholeMatchOrValue;
    }

    public string Kind { get; }
    public Regex Regex { get; }
    public string[] Triggers { get; }

    /// <summary>Null for user patterns: they have no known trigger and always run.</summary>
    public SearchValues<string>? TriggerValues { get; }

    /// <summary>
    /// A cheap necessary condition checked at a trigger before the regex runs there; for triggers that are
    /// common words in code (token, api, ://) it turns most candidates away for a few nanoseconds each.
    /// </summary>
    public Func<string, int, bool>? MayMatchAt { get; }

    /// <summary>Turns a match into the span to replace, or null when the match is a look-alike.</summary>
    public Func<Match, string, Hit?> Judge { get; }

    /// <summary>The group named <c>v</c> (or <c>secret</c> in user patterns) if it took part, else the whole match.</summary>
    public Hit? WholeMatchOrValue(Match m, string text)
    {
        var g = m.Groups["v"];
        if (!g.Success)
            g = m.Groups["secret"];
        var (index, length) = g.Success ? (g.Index, g.Length) : (m.Index, m.Length);
        return length == 0 ? null : new Hit(index, length, Kind);
    }
}

/// <summary>
/// A span of text to replace with <c>[REDACTED:kind]</c>. Where hits overlap, the one with the lowest
/// <see cref="Priority"/> names the merged span (github-token says more than token).
/// </summary>
internal readonly record struct Hit(int Index, int Length, string Kind, int Priority = 0)
{
    public int End => Index + Length;
}
