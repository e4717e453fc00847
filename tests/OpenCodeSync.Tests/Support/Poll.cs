namespace OpenCodeSync.Tests.Support;

/// <summary>Waits for a condition with a deadline instead of sleeping for luck.</summary>
public static class Poll
{
    public static async Task Until(Func<bool> condition, TimeSpan timeout, string? what = null)
    {
        var until = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"condition not met within {timeout.TotalSeconds} s{(what is null ? "" : $": {what}")}");
            await Task.Delay(10);
        }
    }
}
