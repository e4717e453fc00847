using System.Text.RegularExpressions;

namespace OpenCodeSync.Privacy;

/// <summary>
/// Decides whether <c>key = value</c> carries a secret. The syntax around the value says how to read it:
/// a quoted value or a shell/.env line (<c>DB_PASSWORD=hunter2</c>, <c>docker run -e TOKEN=…</c>) is
/// data; a bare word in code or YAML (<c>token = accessToken</c>, <c>password: string</c>) usually is not.
/// </summary>
internal static class KeyedValueRule
{
    public static Hit? Judge(Match m, string text)
    {
        var v = m.Groups["v"];
        var (index, length) = (v.Index, v.Length);
        SecretValues.Context context;
        if (length >= 2 && text[index] is '"' or '\'' or '`' && text[index + length - 1] == text[index])
        {
            (index, length) = (index + 1, length - 2);
            context = SecretValues.Context.Literal;
        }
        else
        {
            context = IsShellAssignment(m, text) ? SecretValues.Context.Literal : SecretValues.Context.Unquoted;
        }

        var value = text.AsSpan(index, length);
        if (context == SecretValues.Context.Unquoted && IsUrlUserInfo(m, value))
            return null;
        if (IsPathOrPlainUrl(value) || !SecretValues.IsSecret(value, context))
            return null;
        var kind = SecretKeys.Refine(SecretKeys.KindOfWord(m.Groups["w"].ValueSpan), value);
        return new Hit(index, length, kind);
    }

    /// <summary>
    /// The regex's shape without the regex: key characters, an optional closing quote, blanks, then
    /// <c>=</c> or <c>:</c>. Rejects "token" in prose and most code before the regex runs.
    /// </summary>
    public static bool IsFollowedByAssignment(string text, int pos)
    {
        var end = Math.Min(text.Length, pos + 128);
        var i = pos;
        while (i < end && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '.' or '-'))
            i++;
        if (i < end && text[i] is '"' or '\'')
            i++;
        while (i < end && char.IsWhiteSpace(text[i]))
            i++;
        if (i >= end || text[i] is not ('=' or ':'))
            return false;
        i++;
        while (i < end && text[i] is '=' or '>' or ' ' or '\t')
            i++;
        return i < end && !IsObviouslyNotSecret(text.AsSpan(i, end - i));
    }

    // What the judge would reject anyway, seen from the first characters of an unquoted value: code and
    // placeholders by their first character, counts and sizes by being all digits. Code is full of
    // "max_tokens: 4096" and "token = (…)"; skipping the regex for them is most of the keyed rule's cost.
    private static bool IsObviouslyNotSecret(ReadOnlySpan<char> v)
    {
        if (v[0] is '(' or '{' or '[' or '$' or '<' or '&' or '*' or '!' or '@' or '\r' or '\n')
            return true;
        var i = v[0] is '-' or '+' ? 1 : 0;
        var digits = i;
        while (i < v.Length && (char.IsAsciiDigit(v[i]) || v[i] is '.' or '_'))
            i++;
        return i > digits && (i == v.Length || char.IsWhiteSpace(v[i]) || v[i] is ',' or ';' or '&' or ')' or '}' or ']' or '>');
    }

    /// <summary>An upper-case name directly followed by <c>=</c>: .env files, <c>env</c> output, <c>export</c>, <c>-e</c>.</summary>
    private static bool IsShellAssignment(Match m, string text)
    {
        var op = m.Groups["op"];
        if (op.ValueSpan is not "=" || op.Index + 1 != m.Groups["v"].Index || m.Groups["q"].Length > 0)
            return false;
        var start = m.Index;
        while (start > 0 && (char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] == '_'))
            start--;
        var key = text.AsSpan(start, op.Index - start);
        return !key.ContainsAnyInRange('a', 'z');
    }

    // https://x-access-token:ghs_…@github.com: "token:" here is a URL's user name; the URL rule takes the
    // password and leaves the host readable. YAML and JSON put a space or a quote after the colon.
    private static bool IsUrlUserInfo(Match m, ReadOnlySpan<char> value)
    {
        var op = m.Groups["op"];
        return op.ValueSpan is ":" && op.Index + 1 == m.Groups["v"].Index && value.Contains('@');
    }

    // PWD=/home/me, OLDPWD=…, AUTH_URL=https://auth.example.com: where, not what. Credentials inside a URL
    // are caught by the URL rule.
    private static bool IsPathOrPlainUrl(ReadOnlySpan<char> v) =>
        v.StartsWith("/", StringComparison.Ordinal) || v.StartsWith("~/", StringComparison.Ordinal) || v.StartsWith("./", StringComparison.Ordinal) ||
        ((v.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || v.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) && !v.Contains('@'));
}
