namespace OpenCodeSync.Sync;

/// <summary>What goes into message parts beyond plain text.</summary>
public sealed record RecordOptions
{
    public static RecordOptions Default { get; } = new();

    /// <summary>Send reasoning parts (never part of <c>textContent</c> either way).</summary>
    public bool IncludeReasoning { get; init; } = true;

    /// <summary>Send tool output in <c>tool-result</c> parts (status, title and error are always sent).</summary>
    public bool IncludeToolOutput { get; init; } = true;

    /// <summary>Send file parts (name, mime, URL; inline <c>data:</c> URLs never).</summary>
    public bool IncludeFiles { get; init; } = true;
}
