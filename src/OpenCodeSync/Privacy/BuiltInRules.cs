using System.Text.RegularExpressions;

namespace OpenCodeSync.Privacy;

/// <summary>
/// The secrets redacted by default. Provider tokens are matched by their fixed prefixes (few false
/// positives); keyed values (<c>password=…</c>) and headers go through <see cref="SecretValues"/> so code
/// and placeholders survive. Every regex is anchored with <c>\G</c> and begins with one of its rule's
/// triggers: the redactor finds the triggers and tries the regex only there (see <see cref="Redactor"/>).
/// </summary>
internal static partial class BuiltInRules
{
    private const RegexOptions Opts = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;
    private const RegexOptions OptsI = Opts | RegexOptions.IgnoreCase;

    /// <summary>Every way <see cref="KeyedValue"/> (and <see cref="SecretKeys"/>) can begin; declared before
    /// <see cref="All"/> because static initializers run in order.</summary>
    public static readonly string[] KeyedTriggers = ["pass", "pwd", "secret", "token", "api", "private", "access", "credential", "auth"];

    public static IReadOnlyList<Rule> All { get; } = Create();

    private static Rule[] Create()
    {
        Rule[] rules =
        [
            new("private-key", PemBlock(), ["-----BEGIN"]),
            new("jwt", Jwt(), ["eyJ"]),
            // sk-… needs a digit in its body so that long hyphenated words (sk-loading-spinner-…) survive.
            new("openai-key", SkKey(), ["sk-"], (m, t) => HasDigit(m.ValueSpan[3..]) ? KindBySkPrefix(m) : null),
            new("stripe-key", StripeKey(), ["sk_live_", "sk_test_", "rk_live_", "rk_test_"]),
            new("opensync-key", OpenSyncKey(), ["osk_"]),
            new("github-token", GitHub(), ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"]),
            new("gitlab-token", GitLab(), ["glpat-"]),
            new("npm-token", Npm(), ["npm_"]),
            new("aws-access-key-id", AwsKeyId(), ["AKIA", "ASIA"]),
            new("slack-token", Slack(), ["xoxa-", "xoxb-", "xoxp-", "xoxr-", "xoxs-"]),
            new("google-api-key", Google(), ["AIza"]),
            new("authorization", Authorization(), ["authorization"], JudgeValue),
            new("bearer-token", Bearer(), ["bearer"], JudgeToken),
            new("password", UrlPassword(), ["://"], JudgeLiteral, HasUserInfo),
            new("secret", KeyedValue(), KeyedTriggers, KeyedValueRule.Judge, KeyedValueRule.IsFollowedByAssignment),
        ];
        return rules;
    }

    // -----BEGIN RSA PRIVATE KEY----- … -----END RSA PRIVATE KEY-----; a block cut off by truncation runs
    // to the end of the text, since half a key is still a key.
    [GeneratedRegex(@"\G-----BEGIN[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----|\z)", Opts)]
    private static partial Regex PemBlock();

    // Header and payload are base64url JSON objects, so both begin eyJ ('{"').
    [GeneratedRegex(@"\G(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}", Opts)]
    private static partial Regex Jwt();

    // sk-…, sk-proj-…, sk-ant-api03-…, sk-svcacct-…: not preceded by a word character, so desk-top and
    // task-list never start a match.
    [GeneratedRegex(@"\G(?<![A-Za-z0-9_-])sk-(?<p>ant-|proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}", Opts)]
    private static partial Regex SkKey();

    [GeneratedRegex(@"\G(?<![A-Za-z0-9_])[sr]k_(?:live|test)_[A-Za-z0-9]{16,}", Opts)]
    private static partial Regex StripeKey();

    [GeneratedRegex(@"\G(?<![A-Za-z0-9_])osk_[A-Za-z0-9_-]{16,}", Opts)]
    private static partial Regex OpenSyncKey();

    [GeneratedRegex(@"\G(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})", Opts)]
    private static partial Regex GitHub();

    [GeneratedRegex(@"\G(?<![A-Za-z0-9_])glpat-[A-Za-z0-9_-]{20,}", Opts)]
    private static partial Regex GitLab();

    [GeneratedRegex(@"\G(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])", Opts)]
    private static partial Regex Npm();

    // Exactly 20 upper-case characters; a longer run is some other identifier.
    [GeneratedRegex(@"\G(?<![A-Za-z0-9])A(?:KIA|SIA)[A-Z0-9]{16}(?![A-Za-z0-9])", Opts)]
    private static partial Regex AwsKeyId();

    [GeneratedRegex(@"\G(?<![A-Za-z0-9_])xox[abprs]-[A-Za-z0-9-]{10,}", Opts)]
    private static partial Regex Slack();

    [GeneratedRegex(@"\G(?<![A-Za-z0-9_])AIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])", Opts)]
    private static partial Regex Google();

    // Authorization: Basic dXNlcjpwYXNz / "authorization": "Bearer …": the scheme stays readable.
    [GeneratedRegex(@"\G(?<![A-Za-z0-9])authorization[""']?\s*[:=]\s*[""'`]?(?:(?:bearer|basic|token|digest|bot|apikey|key)\s+)?(?<v>[^\s""'`,;]+)", OptsI)]
    private static partial Regex Authorization();

    [GeneratedRegex(@"\G(?<![A-Za-z0-9])bearer[ \t]+(?<v>[A-Za-z0-9._~+/-]+=*)", OptsI)]
    private static partial Regex Bearer();

    // scheme://user:password@host — user and host stay, the password goes. A user part never holds [ ]
    // so that an earlier marker (https://[REDACTED:github-token]@host) is not read as user:password.
    [GeneratedRegex(@"\G://[^\s:/@'""\[\]]*:(?<v>[^\s@/'""]+)@", Opts)]
    private static partial Regex UrlPassword();

    // A secret word inside a key (AWS_SECRET_ACCESS_KEY, clientSecret, "api-key", db.password), then an
    // assignment (=, :, :=, =>, not == or ::), then a quoted or bare value. The word may not run on in
    // lower case (tokenizer, authored, passthrough) — a camelCase or separated suffix is still the key.
    [GeneratedRegex(@"\G" + SecretKeys.Word + SecretKeys.Suffix + @"(?<q>[""']?)\s*(?<op>:=|=>|=(?![=>~])|:(?![:/]))[ \t]*(?<v>""(?:[^""\\\r\n]|\\.)*""|'[^'\r\n]*'|`[^`\r\n]*`|[^\s""'`,;&)}\]>]+)", OptsI)]
    private static partial Regex KeyedValue();

    // Most URLs have no user:password@; look for the @ before the URL ends.
    private static bool HasUserInfo(string text, int pos)
    {
        var rest = text.AsSpan(pos + 3, Math.Min(text.Length - pos - 3, 512));
        var end = rest.IndexOfAny(UrlEnd);
        var at = rest.IndexOf('@');
        return at > 0 && (end < 0 || at < end);
    }

    private static readonly System.Buffers.SearchValues<char> UrlEnd = System.Buffers.SearchValues.Create(" \t\r\n/\"'<>");

    private static Hit? KindBySkPrefix(Match m) =>
        new Hit(m.Index, m.Length, m.Groups["p"].ValueSpan.StartsWith("ant-", StringComparison.Ordinal) ? "anthropic-key" : "openai-key");

    private static bool HasDigit(ReadOnlySpan<char> s) => s.IndexOfAnyInRange('0', '9') >= 0;

    private static Hit? JudgeValue(Match m, string text) => Judge(m, "authorization", SecretValues.Context.Unquoted);

    private static Hit? JudgeLiteral(Match m, string text) => Judge(m, "password", SecretValues.Context.Literal);

    // "Bearer token" in prose is a word, not a credential: tokens are long and not all letters.
    private static Hit? JudgeToken(Match m, string text) =>
        m.Groups["v"].Length >= 12 ? Judge(m, "bearer-token", SecretValues.Context.Unquoted) : null;

    private static Hit? Judge(Match m, string kind, SecretValues.Context context)
    {
        var v = m.Groups["v"];
        return SecretValues.IsSecret(v.ValueSpan, context) ? new Hit(v.Index, v.Length, kind) : null;
    }
}
