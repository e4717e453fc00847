namespace OpenCodeSync.Delivery;

/// <summary>
/// <c>${state}/delivery.lock</c>: at most one process delivers at a time. On Unix .NET takes a non-blocking
/// exclusive <c>flock</c> for <see cref="FileShare.None"/>; the kernel drops it when the process dies, even by kill -9.
/// </summary>
public static class DeliveryLock
{
    public const string FileName = "delivery.lock";

    /// <summary>The held lock, or null when another process holds it.</summary>
    public static FileStream? TryAcquire(string stateDir)
    {
        Hosting.PrivateFiles.EnsureDirectory(stateDir);
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            return new FileStream(Path.Combine(stateDir, FileName), options);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Waits (polling) for the lock until <paramref name="timeout"/>; null when it never came free.</summary>
    public static async Task<FileStream?> AcquireAsync(string stateDir, TimeSpan timeout, CancellationToken ct)
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
}
