namespace OpenCodeSync.Tests.Privacy;

/// <summary>
/// Realistic fake secrets, made at run time so no scanner mistakes the test sources for a leak. Each has
/// the real format (prefix, length, alphabet) and, being random, digits and mixed case.
/// </summary>
internal static class Fake
{
    private const string Alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string UrlSafe = Alnum + "-_";

    public static string Chars(int n, string alphabet = Alnum, int seed = 0)
    {
        var rng = new Random(seed == 0 ? n * 7919 : seed);
        var chars = new char[n];
        for (var i = 0; i < n; i++)
            chars[i] = alphabet[rng.Next(alphabet.Length)];
        chars[n / 2] = '7';   // random strings have digits; make sure every fake does
        return new string(chars);
    }

    public static string OpenAi => "sk-proj-" + Chars(48, UrlSafe, 11);
    public static string OpenAiLegacy => "sk-" + Chars(48, Alnum, 12);
    public static string Anthropic => "sk-ant-api03-" + Chars(93, UrlSafe, 13) + "-AA";
    public static string OpenSync => "osk_" + Chars(32, Alnum, 14);
    public static string GitHubPat => "ghp_" + Chars(36, Alnum, 15);
    public static string GitHubApp => "ghs_" + Chars(36, Alnum, 16);
    public static string GitHubFineGrained => "github_pat_" + Chars(22, Alnum, 17) + "_" + Chars(59, Alnum, 18);
    public static string Slack => "xoxb-" + Chars(11, "0123456789", 19) + "-" + Chars(13, "0123456789", 20) + "-" + Chars(24, Alnum, 21);
    public static string Google => "AIza" + Chars(35, UrlSafe, 22);
    public static string Stripe => "sk_live_" + Chars(24, Alnum, 23);
    public static string GitLab => "glpat-" + Chars(20, UrlSafe, 24);
    public static string Npm => "npm_" + Chars(36, Alnum, 25);
    public static string AwsSessionToken => "IQoJb3JpZ2luX2VjE" + Chars(120, Alnum + "/+", 26);

    /// <summary>AWS's own documentation example pair.</summary>
    public const string AwsKeyId = "AKIAIOSFODNN7EXAMPLE";
    public const string AwsSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    public static string Jwt =>
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." +
        "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ." +
        "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    public static string PemBody =>
        string.Join('\n', Enumerable.Range(0, 6).Select(i => Chars(64, Alnum + "+/", 30 + i)));

    public static string RsaPrivateKey =>
        "-----BEGIN RSA PRIVATE KEY-----\n" + PemBody + "\n-----END RSA PRIVATE KEY-----";

    public static string OpenSshPrivateKey =>
        "-----BEGIN OPENSSH PRIVATE KEY-----\n" + PemBody + "\n-----END OPENSSH PRIVATE KEY-----";
}
