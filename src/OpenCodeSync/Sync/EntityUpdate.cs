using System.Text;

namespace OpenCodeSync.Sync;

/// <summary>
/// One version of one entity, as derived from one event: exactly what a store keeps per (kind, id).
/// <see cref="Json"/> is the entity's own JSON (session info, message info, part; for tombstones the
/// removal event's properties; for settle markers <c>{"event","id"}</c>).
/// </summary>
public sealed record EntityUpdate(
    EntityKind Kind,
    string EntityId,
    string SessionId,
    string? MessageId,
    EntityRank Rank,
    string Json)
{
    public bool Removed => Rank.IsRemoved;

    /// <summary>True when this version should replace <paramref name="current"/> (null = nothing stored).</summary>
    public bool Beats(EntityUpdate? current) => current is null || Wins(Rank, Json, current.Rank, current.Json);

    /// <summary>
    /// The merge rule: higher rank wins; equal ranks (same hash, so practically the same JSON) fall back to
    /// UTF-8 byte order, which is also SQLite's BINARY order.
    /// </summary>
    public static bool Wins(EntityRank candidate, string candidateJson, EntityRank current, string currentJson)
    {
        var c = candidate.CompareTo(current);
        if (c != 0)
            return c > 0;
        if (string.Equals(candidateJson, currentJson, StringComparison.Ordinal))
            return false;
        return Encoding.UTF8.GetBytes(candidateJson).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(currentJson)) > 0;
    }
}
