using System.Text.RegularExpressions;

namespace OpenCodeSync.Privacy;

/// <summary>
/// Names that announce a secret: <c>AWS_SECRET_ACCESS_KEY</c>, <c>clientSecret</c>, <c>api-key</c>,
/// <c>DB_PASS</c>, <c>Authorization</c>. The secret word must not run on in lower case, so
/// <c>tokenizer</c>, <c>secretary</c>, <c>author</c>, <c>passthrough</c> and <c>compass</c> are not keys.
/// </summary>
internal static partial class SecretKeys
{
    /// <summary>The secret word; <c>pass</c> must start a word or a camelCase part (DB_PASS, dbPass, not bypass).</summary>
    public const string Word =
        @"(?<w>(?-i:(?<![A-Za-z])(?i:pass)|(?<=[a-z])Pass|PASS)(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|credential|auth(?!or))";

    /// <summary>Plural, then a separated or camelCase continuation of the same key (<c>_ACCESS_KEY</c>, <c>Key</c>).</summary>
    public const string Suffix = @"s?(?-i:(?:[_.-][A-Za-z0-9_.-]*|[A-Z0-9][A-Za-z0-9_]*)?)";

    [GeneratedRegex(@"(?<![A-Za-z])authorization$|" + Word + Suffix + "$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.ExplicitCapture)]
    private static partial Regex KeyName();

    /// <summary>The redaction kind for a value stored under <paramref name="key"/>, or null if the key is ordinary.</summary>
    public static string? KindOf(string key)
    {
        if (key.Length < 3 || key.Length > 100)
            return null;
        var m = KeyName().Match(key);
        return m.Success ? KindOfWord(m.Groups["w"].Success ? m.Groups["w"].ValueSpan : "authorization") : null;
    }

    public static string KindOfWord(ReadOnlySpan<char> word)
    {
        if (word.StartsWith("pass", StringComparison.OrdinalIgnoreCase) || word.Equals("pwd", StringComparison.OrdinalIgnoreCase))
            return "password";
        if (word.StartsWith("token", StringComparison.OrdinalIgnoreCase))
            return "token";
        if (word.StartsWith("api", StringComparison.OrdinalIgnoreCase))
            return "api-key";
        if (word.StartsWith("private", StringComparison.OrdinalIgnoreCase))
            return "private-key";
        if (word.StartsWith("auth", StringComparison.OrdinalIgnoreCase))
            return word.Length > 4 ? "authorization" : "auth";
        if (word.StartsWith("credential", StringComparison.OrdinalIgnoreCase))
            return "credential";
        return "secret";
    }

    /// <summary>AWS secret access keys are exactly 40 base64 characters; naming them helps whoever reads the transcript.</summary>
    public static string Refine(string kind, ReadOnlySpan<char> value)
    {
        if (kind != "secret" || value.Length != 40)
            return kind;
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('/' or '+'))
                return kind;
        }
        return "aws-secret-key";
    }
}
