using OpenCodeSync.Hosting;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.Hook;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class FileLogTests
{
    [Test]
    public async Task Entries_are_single_lines_and_keys_are_masked()
    {
        using var dir = new TempDir();
        var log = new FileLog(dir["state/opencode-sync.log"], new SystemClock());

        await Assert.That(log.TryWrite(LogLevel.Warn, "hook", "bad\ninput osk_abcdefghijklmnop here")).IsTrue();

        var lines = File.ReadAllLines(log.Path);
        await Assert.That(lines.Length).IsEqualTo(1);
        await Assert.That(lines[0]).EndsWith("WARN  hook: bad input osk_****mnop here");
        await Assert.That(File.GetUnixFileMode(log.Path)).IsEqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Test]
    public async Task The_log_rotates_past_one_MiB_keeping_one_old_file()
    {
        using var dir = new TempDir();
        var log = new FileLog(dir["opencode-sync.log"], new SystemClock());
        var message = new string('m', 1500);
        for (var i = 0; i < 1600; i++)
        {
            log.TryWrite(LogLevel.Info, "test", message);
        }

        await Assert.That(File.Exists(log.RotatedPath)).IsTrue();
        await Assert.That(new FileInfo(log.Path).Length).IsLessThan(FileLog.RotateAtBytes);
        await Assert.That(Directory.GetFiles(dir.Path, "opencode-sync.log*").Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)).Count()).IsEqualTo(2);
    }

    [Test]
    public async Task An_unwritable_log_says_so_instead_of_throwing()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["file"], "");
        var log = new FileLog(dir["file/opencode-sync.log"], new SystemClock());

        await Assert.That(log.TryWrite(LogLevel.Error, "hook", "x")).IsFalse();
    }
}
