using OpenCodeSync.Privacy;

namespace OpenCodeSync.Sync;

/// <summary>What goes into records: which parts, what is redacted, which projects are never synced.</summary>
public sealed record RecordOptions
{
    public static RecordOptions Default { get; } = new();

    /// <summary>Send reasoning parts (never part of <c>textContent</c> either way).</summary>
    public bool IncludeReasoning { get; init; } = true;

    /// <summary>Send tool output in <c>tool-result</c> parts (status, title and error are always sent).</summary>
    public bool IncludeToolOutput { get; init; } = true;

    /// <summary>Send file parts (name, mime, URL; inline <c>data:</c> URLs never).</summary>
    public bool IncludeFiles { get; init; } = true;

    /// <summary>Secrets are replaced before a record exists anywhere but in memory (on by default).</summary>
    public Redactor Redactor { get; init; } = Redactor.Default;

    /// <summary>Projects whose sessions never reach the outbox.</summary>
    public ExclusionMatcher? Exclusions { get; init; }

    public bool IsExcluded(string? projectPath) => Exclusions is { IsEmpty: false } e && e.IsExcluded(projectPath);
}
