using OpenCodeSync.Archive;
using OpenCodeSync.Privacy;

namespace OpenCodeSync.Recall;

/// <summary>
/// What every recall answer is made with: the archive, the upload redaction (pulled sessions were redacted by the
/// machine that sent them, with its rules: this machine's run again), the excluded projects, and the time zone.
/// </summary>
public sealed record RecallScope(ArchiveDb Db, Redactor Redactor, Func<string?, bool> IsExcluded, TimeZoneInfo Zone, DateTimeOffset Now)
{
    /// <summary>What a tool returns at most: a few thousand tokens, never a flood of the context window.</summary>
    public const int MaxChars = 6_000;

    public string Redact(string text) => Redactor.Enabled ? Redactor.Redact(text, out _) : text;
}
