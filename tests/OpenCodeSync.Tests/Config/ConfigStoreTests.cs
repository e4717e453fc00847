using OpenCodeSync.Config;
using OpenCodeSync.Hosting;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.Config;

public class ConfigStoreTests
{
    [Test]
    public async Task Round_trip_keeps_every_value()
    {
        using var home = new TestHome();
        var store = new ConfigStore(home.Paths);
        var written = new ConfigFile
        {
            ConvexUrl = "https://a.convex.site",
            ApiKey = "osk_1234567890abcdef",
            Settings = new() { ["sync.reasoning"] = "off" },
        };

        store.Save(written);
        var read = store.Load();

        await Assert.That(read.ConvexUrl).IsEqualTo(written.ConvexUrl);
        await Assert.That(read.ApiKey).IsEqualTo(written.ApiKey);
        await Assert.That(read.Settings!["sync.reasoning"]).IsEqualTo("off");
    }

    [Test]
    public async Task Config_lives_under_xdg_config_home_with_private_modes()
    {
        using var home = new TestHome();
        home.Env.Vars["XDG_CONFIG_HOME"] = Path.Combine(home.Home, "xdg");
        var store = new ConfigStore(home.Paths);

        store.Save(new ConfigFile { ApiKey = "osk_1234567890abcdef" });

        var expected = Path.Combine(home.Home, "xdg", "opencode-sync", "config.json");
        await Assert.That(store.Path).IsEqualTo(expected);
        await Assert.That(File.GetUnixFileMode(expected)).IsEqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await Assert.That(File.GetUnixFileMode(Path.GetDirectoryName(expected)!))
            .IsEqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    [Test]
    public async Task Relative_xdg_value_is_ignored_as_the_spec_says()
    {
        using var home = new TestHome();
        home.Env.Vars["XDG_CONFIG_HOME"] = "relative/dir";
        await Assert.That(home.Paths.ConfigFile).IsEqualTo(Path.Combine(home.Home, ".config", "opencode-sync", "config.json"));
    }

    [Test]
    public async Task Save_tightens_a_directory_and_file_left_world_readable()
    {
        using var home = new TestHome();
        var store = new ConfigStore(home.Paths);
        var dir = Path.GetDirectoryName(store.Path)!;
        Directory.CreateDirectory(dir);
        File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
        File.WriteAllText(store.Path, """{"convexUrl":"https://a.convex.site","apiKey":"osk_1234567890abcdef"}""");
        File.SetUnixFileMode(store.Path, (UnixFileMode)0b110_100_100);
        await Assert.That(PrivateFiles.IsTooOpen(store.Path)).IsTrue();

        store.Save(store.Load());

        await Assert.That(PrivateFiles.IsTooOpen(store.Path)).IsFalse();
        await Assert.That((int)File.GetUnixFileMode(dir)).IsEqualTo(0b111_000_000);
    }

    [Test]
    public async Task Save_leaves_no_temporary_files_behind()
    {
        using var home = new TestHome();
        var store = new ConfigStore(home.Paths);
        for (var i = 0; i < 5; i++)
        {
            store.Save(new ConfigFile { ConvexUrl = $"https://{i}.convex.site" });
        }

        var files = Directory.GetFiles(Path.GetDirectoryName(store.Path)!);
        await Assert.That(files.Select(f => Path.GetFileName(f))).IsEquivalentTo(new[] { "config.json" });
        await Assert.That(store.Load().ConvexUrl).IsEqualTo("https://4.convex.site");
    }

    [Test]
    public async Task Corrupt_file_is_a_config_error_naming_the_file_and_the_fix()
    {
        using var home = new TestHome();
        var store = new ConfigStore(home.Paths);
        Directory.CreateDirectory(Path.GetDirectoryName(store.Path)!);
        File.WriteAllText(store.Path, "{\"convexUrl\": \"https://a\",\n  oops");

        var error = Assert.Throws<ConfigException>(() => store.Load());

        await Assert.That(error.Message).Contains(store.Path);
        await Assert.That(error.Message).Contains("not valid JSON (line 2)");
        await Assert.That(error.Message).Contains("login");
    }

    [Test]
    public async Task Empty_file_reads_as_no_config()
    {
        using var home = new TestHome();
        var store = new ConfigStore(home.Paths);
        Directory.CreateDirectory(Path.GetDirectoryName(store.Path)!);
        File.WriteAllText(store.Path, "  \n");
        await Assert.That(store.Load().HasCredentials).IsFalse();
    }

    [Test]
    public async Task Environment_overrides_the_file_and_says_so()
    {
        using var home = new TestHome();
        home.Env.Vars[EnvVars.ApiKey] = "osk_fromenvironment99";
        var file = new ConfigFile { ConvexUrl = "https://file.convex.site", ApiKey = "osk_fromthefile00000" };

        var effective = EffectiveConfig.Resolve(file, home.Env);

        await Assert.That(effective.ApiKey.Value).IsEqualTo("osk_fromenvironment99");
        await Assert.That(effective.ApiKey.Source).IsEqualTo(ValueSource.Env);
        await Assert.That(effective.Url.Value).IsEqualTo("https://file.convex.site");
        await Assert.That(effective.Url.Source).IsEqualTo(ValueSource.File);
        await Assert.That(effective.Settings[Settings.SyncReasoning].Source).IsEqualTo(ValueSource.Default);
        await Assert.That(effective.IsOn(Settings.SyncReasoning)).IsTrue();
    }

    [Test]
    public async Task Legacy_credentials_are_read_from_the_original_plugins_path()
    {
        using var home = new TestHome();
        Directory.CreateDirectory(Path.Combine(home.Home, ".opensync"));
        File.WriteAllText(Path.Combine(home.Home, ".opensync", "credentials.json"), """{"convexUrl":"https://old.convex.cloud","apiKey":"osk_legacy1234567"}""");

        var legacy = new ConfigStore(home.Paths).LoadLegacy();

        await Assert.That(legacy?.ConvexUrl).IsEqualTo("https://old.convex.cloud");
        await Assert.That(legacy?.ApiKey).IsEqualTo("osk_legacy1234567");
    }
}
