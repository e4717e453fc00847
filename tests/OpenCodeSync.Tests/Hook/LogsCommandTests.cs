using OpenCodeSync.Commands;
using OpenCodeSync.Hosting;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.Hook;

public class LogsCommandTests
{
    [Test]
    public async Task Lines_prints_the_last_n_entries_across_the_rotated_file()
    {
        using var home = new TestHome();
        var console = new FakeConsole();
        var ctx = home.Context(console);
        Directory.CreateDirectory(home.Paths.StateDir);
        File.WriteAllText(ctx.Log.RotatedPath, "old 1\nold 2\n");
        ctx.Log.TryWrite(LogLevel.Warn, "hook", "new 1");
        ctx.Log.TryWrite(LogLevel.Warn, "hook", "new 2");

        var code = await new LogsCommand(ctx).RunAsync(lines: 3);

        await Assert.That(code).IsEqualTo(0);
        var lines = console.Stdout.TrimEnd('\n').Split('\n');
        await Assert.That(lines.Length).IsEqualTo(3);
        await Assert.That(lines[0]).IsEqualTo("old 2");
        await Assert.That(lines[2]).EndsWith("hook: new 2");
    }

    [Test]
    public async Task An_empty_log_says_so_on_stderr()
    {
        using var home = new TestHome();
        var console = new FakeConsole();

        var code = await new LogsCommand(home.Context(console)).RunAsync();

        await Assert.That(code).IsEqualTo(0);
        await Assert.That(console.Stdout).IsEqualTo("");
        await Assert.That(console.Stderr).Contains("nothing logged yet");
    }
}
