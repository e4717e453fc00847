using OpenCodeSync.Config;

namespace OpenCodeSync.Tests.Config;

public class BackendUrlTests
{
    [Test]
    [Arguments("https://happy-cat-123.convex.cloud", "https://happy-cat-123.convex.site")]
    [Arguments("https://happy-cat-123.convex.cloud/", "https://happy-cat-123.convex.site")]
    [Arguments("  https://happy-cat-123.convex.cloud  ", "https://happy-cat-123.convex.site")]
    [Arguments("https://HAPPY.Convex.Cloud", "https://happy.convex.site")]
    [Arguments("https://happy-cat-123.convex.site/", "https://happy-cat-123.convex.site")]
    [Arguments("https://sync.example.com/api/", "https://sync.example.com/api")]
    [Arguments("https://sync.example.com:8443", "https://sync.example.com:8443")]
    [Arguments("http://localhost:3210/", "http://localhost:3210")]
    [Arguments("http://127.0.0.1:3211", "http://127.0.0.1:3211")]
    [Arguments("http://[::1]:3211", "http://[::1]:3211")]
    public async Task Accepts_and_normalizes(string input, string expected)
    {
        var ok = BackendUrl.TryNormalize(input, out var url, out var error);
        await Assert.That(error).IsEqualTo("");
        await Assert.That(ok).IsTrue();
        await Assert.That(url).IsEqualTo(expected);
    }

    [Test]
    public async Task Only_the_host_suffix_is_rewritten()
    {
        BackendUrl.TryNormalize("https://convex.cloud.example.com/x.convex.cloud", out var url, out _);
        await Assert.That(url).IsEqualTo("https://convex.cloud.example.com/x.convex.cloud");
    }

    [Test]
    [Arguments("", "empty")]
    [Arguments("happy-cat.convex.cloud", "not a URL")]
    [Arguments("http://happy-cat.convex.cloud", "unencrypted")]
    [Arguments("http://192.168.1.5:3210", "unencrypted")]
    [Arguments("ftp://example.com", "not supported")]
    [Arguments("https://user:pw@example.com", "user name")]
    [Arguments("https://example.com/?a=1", "query")]
    [Arguments("https://", "not a valid URL")]
    public async Task Rejects_with_a_reason(string input, string reason)
    {
        var ok = BackendUrl.TryNormalize(input, out _, out var error);
        await Assert.That(ok).IsFalse();
        await Assert.That(error).Contains(reason);
    }
}
