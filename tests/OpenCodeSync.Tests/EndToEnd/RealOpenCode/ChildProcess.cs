using System.Diagnostics;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.EndToEnd.RealOpenCode;

/// <summary>Runs a program with exactly the given environment and waits for it, killing it past a deadline.</summary>
internal static class ChildProcess
{
    public static async Task<ProcessResult> RunAsync(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string> env,
        string workingDirectory, TimeSpan timeout, string? stdin = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment.Clear();
        foreach (var (k, v) in env)
        {
            psi.Environment[k] = v;
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await p.StandardInput.WriteAsync(stdin).ConfigureAwait(false);
        }

        p.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await p.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(file)} {string.Join(' ', args)} did not exit within {timeout.TotalSeconds} s; stderr: {await stderr.ConfigureAwait(false)}");
        }

        // Output pipes may be held open by a detached grandchild (the delivery process): do not wait for them.
        var outText = await Task.WhenAny(stdout, Task.Delay(2000)).ConfigureAwait(false) == stdout ? await stdout.ConfigureAwait(false) : "";
        var errText = await Task.WhenAny(stderr, Task.Delay(2000)).ConfigureAwait(false) == stderr ? await stderr.ConfigureAwait(false) : "";
        return new ProcessResult(p.ExitCode, outText, errText);
    }

    /// <summary>Polls <paramref name="check"/> until it holds or the deadline passes; returns whether it held.</summary>
    public static async Task<bool> UntilAsync(Func<bool> check, TimeSpan within)
    {
        var deadline = Stopwatch.StartNew();
        while (!check())
        {
            if (deadline.Elapsed > within)
            {
                return false;
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        return true;
    }
}
