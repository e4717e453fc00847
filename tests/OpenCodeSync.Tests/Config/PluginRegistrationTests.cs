using OpenCodeSync.OpenCode;
using OpenCodeSync.Tests.Support;
using OpenCodeSync.PluginInstall;

namespace OpenCodeSync.Tests.Config;

public class PluginRegistrationTests
{
    [Test]
    [Arguments("\"opencode-sync-plugin\"")]
    [Arguments("\"opencode-sync-plugin@1.2.3\"")]
    [Arguments("[\"opencode-sync-plugin\", {\"quiet\": true}]")]
    [Arguments("\"/home/me/src/opencode-sync/src/plugin/index.js\"")]
    [Arguments("\"file:///opt/node_modules/opencode-sync-plugin/index.js\"")]
    public async Task Finds_every_accepted_spelling_in_jsonc(string entry)
    {
        using var dir = new TempDir();
        var file = dir["opencode.jsonc"];
        File.WriteAllText(file, $$"""
            {
              // comments and trailing commas are allowed in OpenCode configs
              "$schema": "https://opencode.ai/config.json",
              "plugin": ["other-plugin", {{entry}},],
            }
            """);

        var found = PluginRegistrationReader.Find([dir["opencode.json"], file]);

        await Assert.That(found.Registered).IsTrue();
        await Assert.That(found.ConfigPath).IsEqualTo(file);
    }

    [Test]
    [Arguments("""{"plugin": ["opencode-sync-plugin-extra", "my-opencode-sync-plugin"]}""")]
    [Arguments("""{"plugin": "opencode-sync-plugin"}""")]
    [Arguments("""{"plugins": ["opencode-sync-plugin"]}""")]
    [Arguments("""{}""")]
    public async Task Look_alikes_and_wrong_shapes_are_not_registrations(string json)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["opencode.json"], json);
        await Assert.That(PluginRegistrationReader.Find([dir["opencode.json"]]).Registered).IsFalse();
    }

    [Test]
    public async Task Unreadable_config_is_reported_not_thrown()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["opencode.json"], "{ \"plugin\": [");
        var found = PluginRegistrationReader.Find([dir["opencode.json"]]);
        await Assert.That(found.Registered).IsFalse();
        await Assert.That(found.Problem).Contains("opencode.json");
    }
}
