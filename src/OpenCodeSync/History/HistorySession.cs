using OpenCodeSync.Sync;

namespace OpenCodeSync.History;

/// <summary>One past session as a history source lists it: enough to filter on without loading it.</summary>
/// <param name="Location">Where it came from, for messages (a db path or a JSON file).</param>
public sealed record HistorySession(string Id, string? Directory, long Created, long Updated, string Location);

/// <summary>A place OpenCode kept past sessions: its SQLite database or the older JSON tree.</summary>
public interface IHistorySource : IDisposable
{
    /// <summary>Human-readable name and path, e.g. <c>opencode.db (/home/me/.local/share/opencode/opencode.db)</c>.</summary>
    string Description { get; }

    /// <summary>Every session, oldest first: headers only, the data stays on disk.</summary>
    IReadOnlyList<HistorySession> Sessions();

    /// <summary>One session's entity versions, exactly what live events would have left in the store.</summary>
    IReadOnlyList<EntityUpdate> Load(HistorySession session);
}
