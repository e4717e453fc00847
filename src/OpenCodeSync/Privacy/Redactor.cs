using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace OpenCodeSync.Privacy;

/// <summary>
/// Replaces secrets in transcript text with <c>[REDACTED:kind]</c> before anything leaves the machine.
/// Pure and thread-safe. Most text contains none of the rules' trigger substrings and costs one
/// vectorised scan; otherwise each rule's regex is tried only where one of its triggers occurs.
/// </summary>
public sealed partial class Redactor
{
    private readonly IReadOnlyList<Rule> _rules;
    private readonly SearchValues<string> _anyTrigger;
    private readonly IReadOnlyList<Rule> _userRules;
    private readonly HashSet<string> _allowed;

    public Redactor(RedactionOptions options)
    {
        Enabled = options.Enabled;
        _rules = BuiltInRules.All;
        _anyTrigger = SearchValues.Create(_rules.SelectMany(r => r.Triggers).Distinct().ToArray(), StringComparison.OrdinalIgnoreCase);
        _userRules = options.Patterns.Select(p => new Rule(p.Name, p.Regex, [])).ToList();
        _allowed = new HashSet<string>(options.Allow.Where(a => a.Length > 0), StringComparer.Ordinal);
    }

    /// <summary>Redacts nothing: for <c>redact off</c> and for tests of other parts.</summary>
    public static Redactor Disabled { get; } = new(RedactionOptions.Off);

    /// <summary>The default rules, no user patterns, no allow-list.</summary>
    public static Redactor Default { get; } = new(RedactionOptions.Default);

    public bool Enabled { get; }

    public static string Marker(string kind) => $"[REDACTED:{kind}]";

    /// <summary>The text with every secret replaced; the same instance when there was nothing to replace.</summary>
    public string Redact(string text, out int count)
    {
        count = 0;
        if (!Enabled || text.Length < 8)
            return text;

        List<Hit>? hits = null;
        var span = text.AsSpan();
        if (span.IndexOfAny(_anyTrigger) >= 0)
        {
            for (var i = 0; i < _rules.Count; i++)
            {
                var first = span.IndexOfAny(_rules[i].TriggerValues!);
                if (first >= 0)
                    CollectAtTriggers(_rules[i], i, text, first, ref hits);
            }
        }
        foreach (var rule in _userRules)
        {
            try
            {
                Collect(rule, -1, text, 0, ref hits);   // the user named it: their kind wins
            }
            catch (RegexMatchTimeoutException)
            {
                // A pattern that cannot finish cannot vouch for the text: fail closed.
                count = 1;
                return Marker($"{rule.Kind} timed out");
            }
        }
        return hits is null ? text : Apply(text, hits, out count);
    }

    private void Collect(Rule rule, int priority, string text, int start, ref List<Hit>? hits)
    {
        for (var m = rule.Regex.Match(text, start); m.Success; m = m.NextMatch())
            Add(rule, priority, m, text, ref hits);
    }

    // Built-in regexes are \G-anchored: SearchValues finds trigger candidates far faster than a regex
    // scans, and each candidate costs one anchored attempt. A judged-away match does not skip ahead, so a
    // look-alike never hides a secret that starts inside it.
    private void CollectAtTriggers(Rule rule, int priority, string text, int first, ref List<Hit>? hits)
    {
        var span = text.AsSpan();
        var pos = first;
        while (true)
        {
            var m = rule.MayMatchAt?.Invoke(text, pos) == false ? Match.Empty : rule.Regex.Match(text, pos);
            pos = m.Success && Add(rule, priority, m, text, ref hits) ? m.Index + Math.Max(m.Length, 1) : pos + 1;
            if (pos >= text.Length)
                return;
            var next = span[pos..].IndexOfAny(rule.TriggerValues!);
            if (next < 0)
                return;
            pos += next;
        }
    }

    private bool Add(Rule rule, int priority, Match m, string text, ref List<Hit>? hits)
    {
        if (rule.Judge(m, text) is not { } found)
            return false;
        if (_allowed.Count > 0 && _allowed.Contains(text.Substring(found.Index, found.Length)))
            return false;
        (hits ??= []).Add(found with { Priority = priority });
        return true;
    }

    // Overlapping hits (a PEM block inside a "private_key": "…" value) merge into one span, so the
    // output never shows the seam between two rules.
    private static string Apply(string text, List<Hit> hits, out int count)
    {
        hits.Sort((a, b) => a.Index != b.Index ? a.Index.CompareTo(b.Index) : b.Length.CompareTo(a.Length));
        var sb = new StringBuilder(text.Length);
        var pos = 0;
        count = 0;
        for (var i = 0; i < hits.Count; i++)
        {
            var (start, end, best) = (hits[i].Index, hits[i].End, hits[i]);
            while (i + 1 < hits.Count && hits[i + 1].Index < end)
            {
                var next = hits[++i];
                end = Math.Max(end, next.End);
                if (next.Priority < best.Priority)
                    best = next;
            }
            var kind = best.Kind;
            sb.Append(text, pos, start - pos).Append(Marker(kind));
            pos = end;
            count++;
        }
        return sb.Append(text, pos, text.Length - pos).ToString();
    }
}
