using OpenCodeSync.Hosting;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.Delivery;

public class DetachedProcessTests
{
    [Test]
    public async Task The_child_runs_in_its_own_session_with_stdio_on_dev_null()
    {
        using var dir = new TempDir();
        var done = dir["done"];
        // The child reports its stdin, stdout, session id and pid, then renames the report into place.
        var script = $"i=$(readlink /proc/$$/fd/0); o=$(readlink /proc/$$/fd/1); s=$(cut -d' ' -f6 /proc/$$/stat); printf '%s\\n' \"$i\" \"$o\" \"$s\" \"$$\" > '{done}.tmp' && mv '{done}.tmp' '{done}'";

        var pid = DetachedProcess.Start("/bin/sh", ["-c", script]);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(done) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20); // polling for the child's report, bounded by the deadline
        }

        var report = File.ReadAllLines(done);
        await Assert.That(report[0]).IsEqualTo("/dev/null");
        await Assert.That(report[1]).IsEqualTo("/dev/null");
        await Assert.That(report[2]).IsEqualTo(pid.ToString(System.Globalization.CultureInfo.InvariantCulture)); // session leader
        await Assert.That(report[3]).IsEqualTo(report[2]);
    }
}
