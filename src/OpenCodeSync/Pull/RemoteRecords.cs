using OpenCodeSync.Archive;
using OpenCodeSync.OpenSync;

namespace OpenCodeSync.Pull;

/// <summary>
/// The backend's read shapes → the records the archive holds. Sessions of other sources share the account, so
/// everything is optional: what can be read is imported, an unknown part is kept as its raw JSON, and what had
/// to be left out is counted, never a reason to fail the run.
/// </summary>
public static class RemoteRecords
{
    private static readonly HashSet<string> Roles = new(StringComparer.Ordinal) { "user", "assistant", "system", "tool", "unknown" };

    /// <summary>The session ready for the archive, or null and why not; <paramref name="leftOut"/> counts dropped messages/parts.</summary>
    public static PulledSession? From(RemoteSession s, IReadOnlyList<RemoteMessage?> messages, out int leftOut, out string? problem)
    {
        leftOut = 0;
        problem = null;
        if (s.ExternalId is not { Length: > 0 } externalId)
        {
            problem = "the session has no externalId";
            return null;
        }

        var session = new SessionRecord
        {
            ExternalId = externalId,
            Title = s.Title,
            ProjectPath = s.ProjectPath,
            ProjectName = s.ProjectName,
            Model = s.Model,
            Provider = s.Provider,
            // The read routes do not say which tool wrote a session.
            Source = "unknown",
            PromptTokens = Whole(s.PromptTokens),
            CompletionTokens = Whole(s.CompletionTokens),
            Cost = s.Cost,
            DurationMs = Whole(s.DurationMs),
            CreatedAt = Whole(s.CreatedAt),
        };

        var records = new List<MessageRecord>(messages.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in messages)
        {
            if (m is null || (m.ExternalId ?? m.Id) is not { Length: > 0 } id || !seen.Add(id))
            {
                leftOut++;
                continue;
            }
            var parts = new List<PartRecord>(m.Parts?.Count ?? 0);
            foreach (var p in m.Parts ?? [])
            {
                if (p?.Content is not { } content)
                {
                    leftOut++;
                    continue;
                }
                parts.Add(new PartRecord(p.Type is { Length: > 0 } type ? type : "unknown", content.DeepClone()));
            }
            records.Add(new MessageRecord
            {
                SessionExternalId = externalId,
                ExternalId = id,
                Role = m.Role is { } role && Roles.Contains(role) ? role : "unknown",
                TextContent = m.TextContent,
                Model = m.Model,
                PromptTokens = Whole(m.PromptTokens),
                CompletionTokens = Whole(m.CompletionTokens),
                DurationMs = Whole(m.DurationMs),
                CreatedAt = Whole(m.CreatedAt),
                Parts = parts.Count > 0 ? parts : null,
            });
        }

        return new PulledSession(session, records, Whole(s.UpdatedAt) ?? Whole(s.CreatedAt) ?? 0);
    }

    /// <summary>A JSON number as the whole milliseconds or tokens it stands for; null when absent or not finite.</summary>
    internal static long? Whole(double? value) =>
        value is { } v && double.IsFinite(v) ? (long)Math.Round(v) : null;
}
