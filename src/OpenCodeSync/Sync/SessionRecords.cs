using System.Text.Json;
using OpenCodeSync.Json;
using OpenCodeSync.OpenSync;

namespace OpenCodeSync.Sync;

/// <summary>
/// A complete message's record, with its position among the session's messages. Its JSON is made once, on first
/// use, for everyone who needs it: the archive row, the fingerprint and the outbox body are the same bytes.
/// </summary>
public sealed record BuiltMessage(int Index, MessageSnapshot Snapshot, MessageRecord Record)
{
    private string? _json;
    private string? _fingerprint;

    // A copy made with `with` may change the record: it starts without the cached JSON.
    private BuiltMessage(BuiltMessage original)
    {
        Index = original.Index;
        Snapshot = original.Snapshot;
        Record = original.Record;
    }

    /// <summary>The record as it is sent and archived.</summary>
    public string Json => _json ??= JsonSerializer.Serialize(Record, ContractJson.Default.MessageRecord);

    /// <summary><see cref="RecordFingerprint"/> of <see cref="Json"/>.</summary>
    public string Fingerprint => _fingerprint ??= RecordFingerprint.OfJson(Json);

    // Equal by what it holds, whether or not its JSON was made yet.
    public bool Equals(BuiltMessage? other) =>
        other is not null && Index == other.Index && Snapshot == other.Snapshot && Record == other.Record;

    public override int GetHashCode() => HashCode.Combine(Index, Snapshot, Record);
}

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
