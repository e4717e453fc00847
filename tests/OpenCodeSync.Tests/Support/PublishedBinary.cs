using System.Diagnostics;

namespace OpenCodeSync.Tests.Support;

public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public string All => Stdout + Stderr;
}

/// <summary>
/// Runs the NativeAOT binary that <c>scripts/build.sh</c> published, so trimming or AOT bugs fail tests.
/// <c>scripts/test.sh</c> sets OPENCODE_SYNC_TEST_BIN; a bare <c>dotnet test</c> finds artifacts/bin.
/// </summary>
public static class PublishedBinary
{
    public static string Path { get; } = Locate();

    public static Task<ProcessResult> RunAsync(
        IReadOnlyList<string> args,
        IReadOnlyDictionary<string, string> env,
        string? stdin = null,
        string? workingDirectory = null,
        TimeSpan? timeout = null) =>
        StartAsync(Path, args, env, stdin, workingDirectory, timeout);

    /// <summary>
    /// Runs <paramref name="script"/> with /bin/sh, the binary as <c>$0</c>: for the plumbing a process API cannot
    /// set up (a closed descriptor, a pipe whose reader is gone).
    /// </summary>
    public static Task<ProcessResult> RunShellAsync(string script, IReadOnlyDictionary<string, string> env) =>
        StartAsync("/bin/sh", ["-c", script, Path], env, null, null, null);

    private static async Task<ProcessResult> StartAsync(
        string program,
        IReadOnlyList<string> args,
        IReadOnlyDictionary<string, string> env,
        string? stdin,
        string? workingDirectory,
        TimeSpan? timeout)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? System.IO.Path.GetTempPath(),
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        // Start from an empty environment: nothing of the developer's own setup may leak into a test.
        psi.Environment.Clear();
        psi.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        foreach (var (k, v) in env)
        {
            psi.Environment[k] = v;
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin).ConfigureAwait(false);
        }

        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"opencode-sync {string.Join(' ', args)} did not exit in time");
        }

        return new ProcessResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("OPENCODE_SYNC_TEST_BIN") is { Length: > 0 } fromEnv)
        {
            return fromEnv;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "artifacts", "bin", "opencode-sync");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("the published binary was not found: run scripts/build.sh first (scripts/test.sh does)");
    }
}
