using System.Text.Json;
using OpenCodeSync.Commands;
using OpenCodeSync.Hosting;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.Commands;

public class LogsJsonTests
{
    [Test]
    public async Task Json_gives_each_line_its_time_level_component_and_message()
    {
        using var home = new TestHome();
        var log = new FileLog(home.Paths.LogFile, new SystemClock());
        log.TryWrite(LogLevel.Warn, "deliver", "session ses_1: HTTP 503: down; attempt 1");
        log.TryWrite(LogLevel.Info, "pull", "automatic pull: 3 imported");
        File.AppendAllText(home.Paths.LogFile, "a line someone wrote by hand\n");
        var console = new FakeConsole();

        var code = await new LogsCommand(home.Context(console)).RunAsync(json: true);

        await Assert.That(code).IsEqualTo(0);
        var entries = JsonSerializer.Deserialize(console.Stdout, ReportJson.Default.ListLogEntry)!;
        await Assert.That(entries.Count).IsEqualTo(3);
        await Assert.That(entries[0]).IsEqualTo(entries[0] with { Level = "warn", Component = "deliver", Message = "session ses_1: HTTP 503: down; attempt 1" });
        await Assert.That(DateTimeOffset.TryParse(entries[0].At, out _)).IsTrue();
        await Assert.That(entries[1].Component).IsEqualTo("pull");
        await Assert.That(entries[2]).IsEqualTo(new LogEntry(null, null, null, "a line someone wrote by hand"));
    }
}
