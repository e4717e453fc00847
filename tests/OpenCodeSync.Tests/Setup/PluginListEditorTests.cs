using System.Text;
using OpenCodeSync.Json;
using OpenCodeSync.PluginInstall;

namespace OpenCodeSync.Tests.Setup;

/// <summary>Registering in configs people really write: the result parses, lists us once, keeps every comment.</summary>
public class PluginListEditorTests
{
    private const string Ours = "opencode-sync-plugin";

    private static string Add(string text, string spec = Ours) =>
        Encoding.UTF8.GetString(TextEdits.Apply(Encoding.UTF8.GetBytes(text), PluginListEditor.Add(Encoding.UTF8.GetBytes(text), spec)));

    private static string Remove(string text) =>
        PluginListEditor.RemoveAll(Encoding.UTF8.GetBytes(text)) is { } removed ? Encoding.UTF8.GetString(removed) : text;

    public static IEnumerable<Func<(string Name, string Text, string[] Before)>> Configs()
    {
        yield return () => ("no plugin key, comments everywhere", """
            // my OpenCode settings
            {
              /* the schema */ "$schema": "https://opencode.ai/config.json", // trailing
              "theme": "dark" // last one
              // before the end
            }
            """, []);
        yield return () => ("empty array", """{ "theme": "x", "plugin": [] }""", []);
        yield return () => ("empty array with a comment inside", "{\n  \"plugin\": [\n    // none yet\n  ]\n}\n", []);
        yield return () => ("one-line array", """{"plugin": ["a", "b"]}""", ["a", "b"]);
        yield return () => ("one-line array with trailing comma", """{"plugin": ["a",],}""", ["a"]);
        yield return () => ("multi-line array, comment after the last", """
            {
              "plugin": [
                "a", // first
                ["b", { "x": 1 }] /* options */
                // "c" disabled for now
              ],
              "model": "m"
            }
            """, ["a", "b"]);
        yield return () => ("multi-line array, trailing comma", "{\n\t\"plugin\": [\n\t\t\"a\",\n\t],\n}", ["a"]);
        yield return () => ("CRLF line ends", "{\r\n  // c1\r\n  \"plugin\": [\r\n    \"a\"\r\n  ]\r\n}\r\n", ["a"]);
        yield return () => ("empty object", "{}", []);
        yield return () => ("strings that look like syntax", """{"x": "a // not a comment, \"plugin\": [", "plugin": ["/* not */"]}""", ["/* not */"]);
    }

    [Test]
    [MethodDataSource(nameof(Configs))]
    public async Task Adding_keeps_everything_and_lists_us_last((string Name, string Text, string[] Before) c)
    {
        var after = Add(c.Text);

        await Assert.That(Jsonc.Plugins(after)).IsEquivalentTo([.. c.Before, Ours], TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(Jsonc.Comments(after)).IsEquivalentTo(Jsonc.Comments(c.Text), TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(after.Contains("\r\n", StringComparison.Ordinal)).IsEqualTo(c.Text.Contains("\r\n", StringComparison.Ordinal));
        if (c.Text.Contains("\r\n", StringComparison.Ordinal))
        {
            await Assert.That(after.Replace("\r\n", "", StringComparison.Ordinal)).DoesNotContain("\n");
        }
    }

    [Test]
    [MethodDataSource(nameof(Configs))]
    public async Task Adding_twice_changes_nothing_the_second_time((string Name, string Text, string[] Before) c)
    {
        var once = Add(c.Text);

        await Assert.That(PluginListEditor.Add(Encoding.UTF8.GetBytes(once), Ours)).IsEmpty();
    }

    [Test]
    [MethodDataSource(nameof(Configs))]
    public async Task Removing_what_we_added_keeps_the_rest((string Name, string Text, string[] Before) c)
    {
        var back = Remove(Add(c.Text));

        await Assert.That(Jsonc.Plugins(back)).IsEquivalentTo(c.Before, TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(Jsonc.Comments(back)).IsEquivalentTo(Jsonc.Comments(c.Text), TUnit.Assertions.Enums.CollectionOrdering.Matching);
    }

    [Test]
    [Arguments("{\"plugin\": [\"a\", \"b\"]}")]
    [Arguments("{\n  \"plugin\": [\n    \"a\",\n    \"b\"\n  ]\n}\n")]
    [Arguments("{\n  \"plugin\": [\n    \"a\",\n    \"b\",\n  ],\n}\n")]
    [Arguments("{\r\n  \"plugin\": [\r\n    \"a\"\r\n  ]\r\n}\r\n")]
    public async Task Add_then_remove_is_byte_for_byte_the_original(string text)
    {
        await Assert.That(Remove(Add(text))).IsEqualTo(text);
    }

    [Test]
    public async Task Several_entries_of_ours_all_go()
    {
        var text = "{\"plugin\": [\"opencode-sync-plugin\", \"a\", \"opencode-sync-plugin@1\", [\"opencode-sync-plugin\"]]}";

        await Assert.That(Remove(text)).IsEqualTo("{\"plugin\": [\"a\"]}");
    }

    [Test]
    public async Task Multi_line_arrays_get_our_entry_on_its_own_line_indented_like_the_others()
    {
        var after = Add("{\n  \"plugin\": [\n      \"a\" // first\n  ]\n}\n");

        await Assert.That(after).IsEqualTo("{\n  \"plugin\": [\n      \"a\", // first\n      \"opencode-sync-plugin\"\n  ]\n}\n");
    }

    [Test]
    [Arguments("opencode-sync-plugin@1.2.3")]
    [Arguments("/home/me/opencode-sync/src/plugin/index.js")]
    public async Task Any_accepted_form_counts_as_registered(string existing)
    {
        var text = $$"""{"plugin": [["{{existing}}", {"quiet": true}]]}""";

        await Assert.That(PluginListEditor.Add(Encoding.UTF8.GetBytes(text), Ours)).IsEmpty();
        await Assert.That(Jsonc.Plugins(Remove(text))).IsEmpty();
    }

    [Test]
    [Arguments("""{"plugin": "opencode-sync-plugin"}""")]
    [Arguments("""{"plugin": {"a": 1}}""")]
    [Arguments("""[1, 2]""")]
    [Arguments("""{"plugin": [""")]
    public async Task Shapes_we_cannot_edit_safely_are_refused(string text)
    {
        await Assert.That(() => PluginListEditor.Add(Encoding.UTF8.GetBytes(text), Ours)).Throws<System.Text.Json.JsonException>();
    }
}
