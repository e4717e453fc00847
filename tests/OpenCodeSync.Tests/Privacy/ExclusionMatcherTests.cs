using OpenCodeSync.Privacy;

namespace OpenCodeSync.Tests.Privacy;

public class ExclusionMatcherTests
{
    private const string Home = "/home/dev";

    private static bool Excluded(string glob, string path, bool ignoreCase = false) =>
        new ExclusionMatcher([glob], Home, ignoreCase).IsExcluded(path);

    [Test]
    [Arguments("/home/dev/work/client", "/home/dev/work/client", true)]
    [Arguments("/home/dev/work/client", "/home/dev/work/client/", true)]
    [Arguments("/home/dev/work/client", "/home/dev/work/client/api", false)]
    [Arguments("/home/dev/work/client/", "/home/dev/work/client/api", true)]
    [Arguments("/home/dev/work/client/", "/home/dev/work/client", true)]
    [Arguments("/home/dev/work/client/", "/home/dev/work/clients", false)]
    [Arguments("~/work/client/", "/home/dev/work/client/api/v2", true)]
    [Arguments("~", "/home/dev", true)]
    [Arguments("~/", "/tmp/x", false)]
    [Arguments("~/secret-*", "/home/dev/secret-project", true)]
    [Arguments("~/secret-*", "/home/dev/work/secret-project", false)]
    [Arguments("~/**/secret-*", "/home/dev/work/deep/secret-project", true)]
    [Arguments("~/**/secret-*", "/home/dev/secret-project", true)]
    [Arguments("/srv/*/private", "/srv/a/private", true)]
    [Arguments("/srv/*/private", "/srv/a/b/private", false)]
    [Arguments("/srv/**", "/srv", true)]
    [Arguments("/srv/**", "/srv/a/b", true)]
    [Arguments("/srv/**", "/srvx/a", false)]
    [Arguments("/srv/app-?", "/srv/app-1", true)]
    [Arguments("/srv/app-?", "/srv/app-12", false)]
    [Arguments("client-*", "/home/dev/work/client-acme", true)]
    [Arguments("client-*/", "/home/dev/work/client-acme/web", true)]
    [Arguments("client-*", "/home/dev/work/client-acme/web", false)]
    [Arguments("*.secret", "/x/y/notes.secret", true)]
    [Arguments("/a/*b*c", "/a/xxbyyc", true)]
    [Arguments("/a/*b*c", "/a/xxbyyd", false)]
    [Arguments("/home/dev/work/client", "/home/dev/work/other/../client", true)]
    public async Task Glob_semantics(string glob, string path, bool excluded)
    {
        await Assert.That(Excluded(glob, path)).IsEqualTo(excluded);
    }

    [Test]
    public async Task Case_is_ignored_only_when_asked()
    {
        await Assert.That(Excluded("~/Work/", "/home/dev/work/app")).IsFalse();
        await Assert.That(Excluded("~/Work/", "/home/dev/work/app", ignoreCase: true)).IsTrue();
    }

    [Test]
    public async Task Several_globs_and_windows_separators()
    {
        var matcher = new ExclusionMatcher(["~/a/", @"C:\Users\dev\secret\"], Home);

        await Assert.That(matcher.IsExcluded("/home/dev/a/b")).IsTrue();
        await Assert.That(matcher.IsExcluded(@"C:\Users\dev\secret\proj")).IsTrue();
        await Assert.That(matcher.IsExcluded("/home/dev/b")).IsFalse();
        await Assert.That(matcher.IsExcluded(null)).IsFalse();
        await Assert.That(new ExclusionMatcher([], Home).IsExcluded("/anything")).IsFalse();
    }

    [Test]
    public async Task Unusable_globs_are_reported_and_ignored()
    {
        await Assert.That(ExclusionMatcher.Problem("~bob/x")).Contains("~user");
        await Assert.That(ExclusionMatcher.Problem("  ")).IsNotNull();
        await Assert.That(ExclusionMatcher.Problem("~/ok/")).IsNull();
        await Assert.That(new ExclusionMatcher(["~bob/x"], Home).IsEmpty).IsTrue();
    }
}
