namespace OpenCodeSync.Privacy;

/// <summary>
/// Judges the value found after a secret-looking key (<c>password=…</c>, <c>"apiKey": …</c>). The key alone
/// is a weak signal — code says <c>token = getToken()</c> and <c>max_tokens: 4096</c> — so values that are
/// code, numbers, flags or placeholders stay visible; everything else is treated as the secret it names.
/// </summary>
internal static class SecretValues
{
    /// <summary>How much the surrounding syntax says about the value.</summary>
    public enum Context
    {
        /// <summary>Code or YAML without quotes: a bare word there is usually a variable or a type.</summary>
        Unquoted,

        /// <summary>A string literal, a JSON value, or a shell/.env <c>KEY=value</c>: the value is data.</summary>
        Literal,
    }

    // Words that fill a secret's slot without being one; redacting them would only hide useful context.
    private static readonly HashSet<string> Placeholders = new(StringComparer.OrdinalIgnoreCase)
    {
        "true", "false", "yes", "no", "on", "off", "null", "nil", "none", "undefined", "empty", "required",
        "optional", "string", "str", "number", "int", "integer", "bool", "boolean", "any", "unknown", "object",
        "changeme", "change_me", "change-me", "replace_me", "replace-me", "replaceme", "todo", "tbd", "example",
        "placeholder", "secret", "password", "token", "redacted", "hidden", "masked", "dummy", "test", "xxx",
    };

    public static bool IsSecret(ReadOnlySpan<char> value, Context context)
    {
        if (value.Length < 3 || IsPlaceholder(value) || IsNumber(value))
            return false;
        if (context == Context.Literal)
            return true;
        return !IsCode(value) && !IsPlainWord(value);
    }

    /// <summary>Stand-ins a person writes where the real value goes: <c>${TOKEN}</c>, <c>&lt;your-key&gt;</c>, <c>xxxx</c>, <c>****</c>.</summary>
    public static bool IsPlaceholder(ReadOnlySpan<char> v)
    {
        if (v.StartsWith("[REDACTED", StringComparison.Ordinal))
            return true;   // already redacted: redaction must be idempotent
        if (v[0] is '$' or '%' or '<' or '{' || v.StartsWith("#{", StringComparison.Ordinal))
            return true;   // ${VAR}, $VAR, $(cmd), %VAR%, <your-key>, {{template}}, #{ruby}
        if (v.StartsWith("your", StringComparison.OrdinalIgnoreCase) || v.StartsWith("my-", StringComparison.OrdinalIgnoreCase) ||
            v.StartsWith("my_", StringComparison.OrdinalIgnoreCase) || v.EndsWith("-here", StringComparison.OrdinalIgnoreCase) ||
            v.EndsWith("_here", StringComparison.OrdinalIgnoreCase))
            return true;   // your-api-key, YOUR_TOKEN_HERE, my-secret
        if (IsRepeated(v))
            return true;   // xxxxxxxx, ********, ........, 00000000
        return Placeholders.GetAlternateLookup<ReadOnlySpan<char>>().Contains(v);
    }

    private static bool IsRepeated(ReadOnlySpan<char> v)
    {
        var c = char.ToLowerInvariant(v[0]);
        if (c is not ('x' or '*' or '.' or '0' or '#' or '-' or '_'))
            return false;
        foreach (var ch in v)
        {
            if (char.ToLowerInvariant(ch) != c)
                return false;
        }
        return true;
    }

    /// <summary>Counts, sizes, ports, versions: <c>token_count=5</c>, <c>password_length = 12</c>, <c>max_tokens: 4096</c>.</summary>
    private static bool IsNumber(ReadOnlySpan<char> v)
    {
        var start = v[0] is '-' or '+' ? 1 : 0;
        if (start == v.Length)
            return false;
        foreach (var c in v[start..])
        {
            if (!char.IsAsciiDigit(c) && c != '.' && c != '_')
                return false;
        }
        return true;
    }

    /// <summary>
    /// Expressions rather than values: calls (<c>getToken()</c>), indexing (<c>os.environ["X"]</c>), member
    /// chains (<c>config.apiKey</c>, <c>process.env.TOKEN</c>), references (<c>&amp;key</c>, <c>*pw</c>).
    /// </summary>
    private static bool IsCode(ReadOnlySpan<char> v)
    {
        if (v[0] is '&' or '*' or '@' or '!' || v.ContainsAny('(', '['))
            return true;
        if (v.Contains("->", StringComparison.Ordinal) || v.Contains("::", StringComparison.Ordinal))
            return true;
        // A dotted chain of identifiers without digits: secrets are random and nearly always have digits.
        if (v.Contains('.') && !v.ContainsAnyInRange('0', '9'))
        {
            foreach (var c in v)
            {
                if (!char.IsAsciiLetter(c) && c is not ('.' or '_' or '$'))
                    return false;
            }
            return true;
        }
        return false;
    }

    /// <summary>
    /// A bare word or identifier: <c>token: string</c>, <c>secret = accessToken;</c>, <c>password: letmein</c>
    /// in prose. Random keys mix in digits or run long, so letters-only values under 24 characters pass.
    /// </summary>
    private static bool IsPlainWord(ReadOnlySpan<char> v)
    {
        if (v.Length >= 24)
            return false;
        foreach (var c in v)
        {
            if (!char.IsAsciiLetter(c) && c is not ('_' or '-'))
                return false;
        }
        return true;
    }
}
