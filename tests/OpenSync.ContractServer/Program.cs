using System.Globalization;
using System.Runtime.InteropServices;

namespace OpenSync.ContractServer;

/// <summary>
/// Standalone mode for shell scripts and benchmarks:
/// <c>dotnet run --project tests/OpenSync.ContractServer -- [--port N] [--port-file PATH] [--api-key osk_...]... [--latency-ms N] [--sum-message-tokens]</c>
/// Prints the bound port on stdout, writes it to the port file, runs until SIGTERM or Ctrl-C.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var port = 0;
        string? portFile = null;
        var keys = new List<string>();
        var latencyMs = 0;
        var sumMessageTokens = false;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--port" when int.TryParse(value, CultureInfo.InvariantCulture, out port): i++; break;
                case "--port-file" when value is not null: portFile = value; i++; break;
                case "--api-key" when value is not null: keys.Add(value); i++; break;
                case "--latency-ms" when int.TryParse(value, CultureInfo.InvariantCulture, out latencyMs) && latencyMs >= 0: i++; break;
                case "--sum-message-tokens": sumMessageTokens = true; break;
                default:
                    await Console.Error.WriteLineAsync(
                        "usage: OpenSync.ContractServer [--port N] [--port-file PATH] [--api-key osk_...]... [--latency-ms N] [--sum-message-tokens]");
                    return 2;
            }
        }

        var stop = new TaskCompletionSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

        await using var server = await ContractServer.StartAsync(new ContractServerOptions
        {
            Port = port,
            ApiKeys = keys.Count > 0 ? keys : [ContractServer.DefaultApiKey],
            Latency = TimeSpan.FromMilliseconds(latencyMs),
            SumMessageTokensIntoSession = sumMessageTokens,
        });
        if (portFile is not null)
        {
            // Written then renamed, so a script polling for the file never reads a half-written port.
            var temp = portFile + ".tmp";
            await File.WriteAllTextAsync(temp, server.Port.ToString(CultureInfo.InvariantCulture));
            File.Move(temp, portFile, overwrite: true);
        }
        Console.WriteLine(server.Port.ToString(CultureInfo.InvariantCulture));
        await Console.Error.WriteLineAsync($"contract server listening on {server.BaseAddress} (admin: {server.BaseAddress}__admin/state, latency {latencyMs} ms)");
        await stop.Task;
        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.TrySetResult();
        }
    }
}
