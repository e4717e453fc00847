namespace OpenCodeSync.Sync;

/// <summary>
/// In-memory entity store with the merge rule applied (tests, backfill). A persistent store keeps the same
/// rows keyed by (kind, id) and applies <see cref="EntityUpdate.Beats"/> on write.
/// </summary>
public sealed class EntityStore
{
    private readonly Dictionary<(EntityKind Kind, string Id), EntityUpdate> _entities = [];

    public int Count => _entities.Count;

    /// <summary>Keeps <paramref name="update"/> if it outranks what is stored; true when the state changed.</summary>
    public bool Apply(EntityUpdate update)
    {
        var key = (update.Kind, update.EntityId);
        _entities.TryGetValue(key, out var current);
        if (!update.Beats(current))
            return false;
        _entities[key] = update;
        return true;
    }

    public EntityUpdate? Get(EntityKind kind, string id) => _entities.GetValueOrDefault((kind, id));

    /// <summary>Every session that has at least one entity, in ordinal order.</summary>
    public IReadOnlyList<string> SessionIds =>
        _entities.Values.Select(e => e.SessionId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    public IEnumerable<EntityUpdate> EntitiesOf(string sessionId) =>
        _entities.Values.Where(e => string.Equals(e.SessionId, sessionId, StringComparison.Ordinal));

    public SessionSnapshot Snapshot(string sessionId) => SessionSnapshot.Build(sessionId, EntitiesOf(sessionId));
}
