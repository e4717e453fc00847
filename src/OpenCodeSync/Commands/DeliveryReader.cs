using System.Globalization;
using OpenCodeSync.Delivery;
using OpenCodeSync.State;

namespace OpenCodeSync.Commands;

/// <summary>Reads the outbox facts <c>status</c> shows; null before anything was ever queued.</summary>
internal static class DeliveryReader
{
    public static DeliveryReport? Read(string stateDir, DateTimeOffset now, TimeSpan sessionWait)
    {
        using var db = StateDb.OpenExisting(stateDir);
        if (db is null)
            return null;
        return new DeliveryReport(
            db.PendingCount(),
            Time(db.GetMeta(MetaKeys.LastSuccessAt)),
            db.GetMeta(MetaKeys.LastError),
            Time(db.GetMeta(MetaKeys.LastErrorAt)),
            db.GetMeta(MetaKeys.PausedUnauthorized) is not null,
            db.DeadLetterCount(),
            Path.Combine(stateDir, DeadLetterFile.FileName),
            db.HeldSessionCount(now.ToUnixTimeMilliseconds()),
            (long)sessionWait.TotalSeconds)
        {
            LastPullAt = db.LastPull is { } pull ? DateTimeOffset.FromUnixTimeMilliseconds(pull.At) : null,
            LastPullImported = db.LastPull?.Imported ?? 0,
        };
    }

    private static DateTimeOffset? Time(string? ms) =>
        long.TryParse(ms, CultureInfo.InvariantCulture, out var v) ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
