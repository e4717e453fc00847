namespace OpenCodeSync.Sync;

/// <summary>What an entity is; (kind, entity id) is the storage key.</summary>
public enum EntityKind
{
    /// <summary>A session's info; entity id = session id.</summary>
    Session = 1,

    /// <summary>A message's info; entity id = message id.</summary>
    Message = 2,

    /// <summary>One part of a message; entity id = part id.</summary>
    Part = 3,

    /// <summary>The latest "session went idle / failed" signal; entity id = session id.</summary>
    Settle = 4,
}
