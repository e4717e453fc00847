using System.Diagnostics;
using System.Globalization;

namespace OpenCodeSync.Tests.ContractServer;

/// <summary>The standalone process shell scripts use: port on stdout and in the port file, latency from the command line, stops on SIGTERM.</summary>
public class ContractServerStandaloneTests
{
    [Test]
    public async Task Runs_as_a_process_reports_its_port_and_exits_cleanly_on_sigterm()
    {
        var key = "osk_" + new string('k', 32);
        var portFile = Path.Combine(Path.GetTempPath(), $"contract-{Guid.NewGuid():N}.port");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "OpenSync.ContractServer.dll"), "--port", "0", "--port-file", portFile, "--api-key", key, "--latency-ms", "7" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            var printed = await process.StandardOutput.ReadLineAsync(timeout.Token);
            var port = int.Parse(printed!, CultureInfo.InvariantCulture);
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            client.DefaultRequestHeaders.Authorization = new("Bearer", key);

            var list = await Wire.Get(client, "sync/sessions/list");
            var state = await Wire.Get(client, "__admin/state");
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
            await process.WaitForExitAsync(timeout.Token);

            await Assert.That(await File.ReadAllTextAsync(portFile)).IsEqualTo(printed);
            await Assert.That(list.Text).IsEqualTo("""{"sessionIds":[]}""");
            await Assert.That(state.Json!["latencyMs"]!.GetValue<long>()).IsEqualTo(7);
            await Assert.That(process.ExitCode).IsEqualTo(0);
        }
        finally
        {
            if (!process.HasExited) process.Kill();
            File.Delete(portFile);
        }
    }
}
