using System.Text.Json;
using OpenCodeSync.Json;
using OpenCodeSync.OpenSync;

namespace OpenCodeSync.Sync;

/// <summary>
/// A stable hash of a record as serialized, so an outbox can tell "changed since last sent" across
/// processes. Same record → same fingerprint; any change to what would be sent → a different one.
/// </summary>
public static class RecordFingerprint
{
    public static string Of(SessionRecord record) =>
        StableHash.Fnv128Hex(JsonSerializer.SerializeToUtf8Bytes(record, ContractJson.Default.SessionRecord));

    public static string Of(MessageRecord record) =>
        StableHash.Fnv128Hex(JsonSerializer.SerializeToUtf8Bytes(record, ContractJson.Default.MessageRecord));

    /// <summary>The fingerprint of a record already serialized (the same bytes as <see cref="Of(MessageRecord)"/> hashes).</summary>
    public static string OfJson(string json) => StableHash.Fnv128Hex(System.Text.Encoding.UTF8.GetBytes(json));
}
