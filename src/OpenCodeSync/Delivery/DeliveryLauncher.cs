using OpenCodeSync.Hosting;

namespace OpenCodeSync.Delivery;

/// <summary>What <see cref="DeliveryLauncher.WakeIfIdle"/> did.</summary>
public enum WakeResult
{
    Disabled,
    AlreadyRunning,
    Started,
}

/// <summary>
/// Wakes <c>opencode-sync deliver</c> after the hook appended, unless one is running (delivery.lock held)
/// or <see cref="EnvVars.NoWake"/> is set. Also when nobody logged in: delivery then folds the journal into the
/// local archive and exits, and everything it kept is sent after a login. Two hooks may both find the lock free
/// and both start one; the second finds the lock taken and exits, so at most one delivers at a time.
/// </summary>
public sealed class DeliveryLauncher(IEnvironment env, AppPaths paths,
    Func<string, IReadOnlyList<string>, int>? start = null, string? executable = null)
{
    public const string DeliverCommand = "deliver";

    private readonly Func<string, IReadOnlyList<string>, int> _start = start ?? DetachedProcess.Start;

    public WakeResult WakeIfIdle()
    {
        if (env.Get(EnvVars.NoWake) is "1" or "true")
        {
            return WakeResult.Disabled;
        }

        // Released before spawning: the child takes it itself (and must not inherit ours).
        if (DeliveryLock.IsHeld(paths.StateDir))
        {
            return WakeResult.AlreadyRunning;
        }

        var self = executable ?? Environment.ProcessPath ?? throw new IOException("cannot tell this executable's path");
        _start(self, [DeliverCommand]);
        return WakeResult.Started;
    }
}
