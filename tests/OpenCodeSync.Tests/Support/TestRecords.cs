using OpenCodeSync.OpenSync;
using OpenCodeSync.Sync;

namespace OpenCodeSync.Tests.Support;

public static class TestRecords
{
    /// <summary>Every message of the snapshot as the builder makes it, complete or not (delivery sends complete ones only).</summary>
    public static IReadOnlyList<MessageRecord> BuildMessages(SessionSnapshot s, RecordOptions? options = null) =>
        [.. s.Messages.Select(m => RecordBuilder.BuildMessage(s, m, options))];
}
