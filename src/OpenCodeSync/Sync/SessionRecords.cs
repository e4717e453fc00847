using OpenCodeSync.OpenSync;

namespace OpenCodeSync.Sync;

/// <summary>A complete message's record, with its position among the session's messages.</summary>
public sealed record BuiltMessage(int Index, MessageSnapshot Snapshot, MessageRecord Record);

/// <summary>
/// Everything one session becomes, built once per change: the outbox planner and the local archive take the
/// same records, so what is found locally is exactly what is (or would be) sent.
/// </summary>
public sealed record SessionRecords(SessionRecord Session, IReadOnlyList<BuiltMessage> Messages)
{
    /// <summary>The session record and a record per complete message (see <see cref="RecordBuilder.IsComplete"/>).</summary>
    public static SessionRecords Build(SessionSnapshot snap, RecordOptions? options = null)
    {
        var messages = new List<BuiltMessage>(snap.Messages.Count);
        for (var i = 0; i < snap.Messages.Count; i++)
        {
            var m = snap.Messages[i];
            if (RecordBuilder.IsComplete(snap, m))
                messages.Add(new BuiltMessage(i, m, RecordBuilder.BuildMessage(snap, m, options)));
        }
        return new SessionRecords(RecordBuilder.BuildSession(snap, options), messages);
    }
}
