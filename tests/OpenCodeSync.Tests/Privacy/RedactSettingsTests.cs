using OpenCodeSync.Commands;
using OpenCodeSync.Config;
using OpenCodeSync.Privacy;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.Privacy;

/// <summary>The redaction and exclusion settings through <c>config set</c>, as a user types them.</summary>
public class RedactSettingsTests
{
    [Test]
    public async Task Turning_redaction_off_warns_and_on_does_not()
    {
        using var home = new TestHome();
        var off = new FakeConsole();
        var on = new FakeConsole();

        var offCode = new ConfigCommand(home.Context(off)).Set("redact", "false");
        var onCode = new ConfigCommand(home.Context(on)).Set("redact", "on");

        await Assert.That(offCode).IsEqualTo(0);
        await Assert.That(off.Stdout).Contains("redact = off");
        await Assert.That(off.Stderr).Contains("warning: redaction is off");
        await Assert.That(onCode).IsEqualTo(0);
        await Assert.That(on.Stderr).IsEmpty();
    }

    [Test]
    public async Task Patterns_are_named_keys_validated_listed_and_removable()
    {
        using var home = new TestHome();
        var console = new FakeConsole();
        var cmd = new ConfigCommand(home.Context(console));

        var good = cmd.Set("redact.pattern.employee-id", @"EMP-\d{6}");
        var bad = cmd.Set("redact.pattern.broken", "(unclosed");
        var badName = cmd.Set("redact.pattern.", "x");
        cmd.Show();
        var config = EffectiveConfig.Resolve(new ConfigStore(home.Paths).Load(), home.Env);
        var unset = cmd.Unset("redact.pattern.employee-id");
        var after = EffectiveConfig.Resolve(new ConfigStore(home.Paths).Load(), home.Env);

        await Assert.That(good).IsEqualTo(0);
        await Assert.That(bad).IsEqualTo(64);
        await Assert.That(console.Stderr).Contains("'(unclosed' is not a valid regular expression (insufficient closing parentheses at offset 9)");
        await Assert.That(badName).IsEqualTo(64);
        await Assert.That(console.Stdout).Matches(@"redact\.pattern\.employee-id\s+EMP-\\d\{6\}\s+file");
        await Assert.That(PrivacySettings.Redaction(config, out _).Patterns.Select(x => x.Name)).IsEquivalentTo(["employee-id"]);
        await Assert.That(unset).IsEqualTo(0);
        await Assert.That(PrivacySettings.Redaction(after, out _).Patterns).IsEmpty();
    }

    [Test]
    public async Task Lists_are_stored_normalised_and_globs_checked()
    {
        using var home = new TestHome();
        var console = new FakeConsole();
        var cmd = new ConfigCommand(home.Context(console));

        cmd.Set("redact.allow", " pk_test_1 ,, AKIAIOSFODNN7EXAMPLE ");
        cmd.Set("exclude", "~/work/client-*/, /srv/private");
        var badGlob = cmd.Set("exclude", "~bob/x");
        var config = EffectiveConfig.Resolve(new ConfigStore(home.Paths).Load(), home.Env);

        await Assert.That(console.Stdout).Contains("redact.allow = pk_test_1, AKIAIOSFODNN7EXAMPLE");
        await Assert.That(PrivacySettings.Redaction(config, out _).Allow).IsEquivalentTo(["pk_test_1", "AKIAIOSFODNN7EXAMPLE"]);
        await Assert.That(badGlob).IsEqualTo(64);
        var matcher = PrivacySettings.Exclusions(config, home.Home);
        await Assert.That(matcher.IsExcluded(Path.Combine(home.Home, "work", "client-acme", "api"))).IsTrue();
        await Assert.That(matcher.IsExcluded("/srv/private")).IsTrue();
        await Assert.That(matcher.IsExcluded("/srv/public")).IsFalse();
    }

    [Test]
    public async Task Existing_toggles_still_normalise()
    {
        using var home = new TestHome();
        var console = new FakeConsole();

        new ConfigCommand(home.Context(console)).Set("sync.tool-output", "NO");

        await Assert.That(console.Stdout).Contains("sync.tool-output = off");
    }
}
