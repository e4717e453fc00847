using System.Text.RegularExpressions;

namespace OpenCodeSync.Privacy;

/// <summary>A user's extra pattern; its name is the kind in <c>[REDACTED:name]</c>.</summary>
public sealed record UserPattern(string Name, Regex Regex);

/// <summary>What <see cref="Redactor"/> is built from: the <c>redact</c>, <c>redact.pattern.*</c> and <c>redact.allow</c> settings.</summary>
public sealed record RedactionOptions
{
    /// <summary>A user pattern gets this long per match attempt; one that runs away fails closed (see <see cref="Redactor"/>).</summary>
    public static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(250);

    public static RedactionOptions Default { get; } = new();

    public static RedactionOptions Off { get; } = new() { Enabled = false };

    public bool Enabled { get; init; } = true;

    public IReadOnlyList<UserPattern> Patterns { get; init; } = [];

    /// <summary>Exact values never redacted, e.g. a public test key that appears in fixtures.</summary>
    public IReadOnlyList<string> Allow { get; init; } = [];

    /// <summary>Compiles a user pattern the way the redactor runs it (interpreted: NativeAOT has no Compiled).</summary>
    public static bool TryCompile(string pattern, out Regex regex, out string error)
    {
        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Multiline, PatternTimeout);
            error = "";
            return true;
        }
        catch (ArgumentException e)
        {
            regex = null!;
            // The trimmed binary has no resource strings, so Message is a bare key: describe it from the enum.
            var why = e is RegexParseException p
                ? $"{Words(p.Error.ToString())} at offset {p.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture)}"
                : e.Message;
            error = $"not a valid regular expression ({why})";
            return false;
        }
    }

    // InsufficientClosingParentheses -> insufficient closing parentheses
    private static string Words(string pascal)
    {
        var sb = new System.Text.StringBuilder(pascal.Length + 8);
        foreach (var c in pascal)
        {
            if (char.IsUpper(c) && sb.Length > 0)
                sb.Append(' ');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}
