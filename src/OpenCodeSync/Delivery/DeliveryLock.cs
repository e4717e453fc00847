using OpenCodeSync.Hosting;

namespace OpenCodeSync.Delivery;

/// <summary>
/// "A delivery process is running": an exclusive flock on <c>${state}/delivery.lock</c>, held by
/// <c>opencode-sync deliver</c> for its whole run and probed by the hook before waking one. The kernel
/// drops it when the holder exits or is killed, so a crash never leaves a stale lock behind.
/// </summary>
/// <remarks>
/// For the delivery side: between its last journal read and <see cref="Release"/> a hook may append and
/// see the lock still held (so it does not wake anyone). After releasing, check
/// <c>IJournalSource.HasDataAfter</c> once more and, if true, try to re-acquire and continue.
/// </remarks>
public sealed class DeliveryLock : IDisposable
{
    public const string FileName = "delivery.lock";

    private LockFile? _held;

    private DeliveryLock(LockFile held) => _held = held;

    public static string PathIn(string stateDir) => Path.Combine(stateDir, FileName);

    /// <summary>Takes the lock without waiting; null when another process holds it.</summary>
    public static DeliveryLock? TryAcquire(string stateDir) =>
        LockFile.TryAcquire(PathIn(stateDir)) is { } held ? new DeliveryLock(held) : null;

    /// <summary>Waits, without a deadline, until the holder lets go (the kernel queues the waiter; Ctrl-C ends the wait).</summary>
    public static DeliveryLock Acquire(string stateDir) => new(LockFile.Acquire(PathIn(stateDir)));

    /// <summary>True when some process holds the lock right now (probes by taking and dropping it).</summary>
    public static bool IsHeld(string stateDir)
    {
        using var probe = TryAcquire(stateDir);
        return probe is null;
    }

    /// <summary>Waits (polling) for the lock, for <c>flush</c> while a background delivery finishes; null on timeout.</summary>
    public static async Task<DeliveryLock?> AcquireAsync(string stateDir, TimeSpan timeout, CancellationToken ct)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            if (TryAcquire(stateDir) is { } held)
                return held;
            if (DateTime.UtcNow >= until)
                return null;
            await Task.Delay(100, ct).ConfigureAwait(false);
        }
    }

    public void Release()
    {
        _held?.Dispose();
        _held = null;
    }

    public void Dispose() => Release();
}
