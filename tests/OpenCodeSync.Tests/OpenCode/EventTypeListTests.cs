using System.Text;
using System.Text.RegularExpressions;
using OpenCodeSync.OpenCode;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.OpenCode;

/// <summary>
/// <see cref="EventTypes.Relevant"/> is the one list of event types; the plugin forwards events before the binary
/// sees them, so its set must be that list exactly — one type short and those events never arrive.
/// </summary>
public partial class EventTypeListTests
{
    [GeneratedRegex("""export const FORWARDED = new Set\(\[(?<items>[^\]]*)\]\)""")]
    private static partial Regex ForwardedSet();

    [GeneratedRegex("""export const FLUSH_NOW = new Set\(\[(?<items>[^\]]*)\]\)""")]
    private static partial Regex FlushNowSet();

    private static readonly string EventsJs = File.ReadAllText(Path.Combine(RepoRoot.Path, "src", "plugin", "lib", "events.js"));

    private static string[] Items(Regex set)
    {
        var m = set.Match(EventsJs);
        if (!m.Success)
            throw new InvalidOperationException($"src/plugin/lib/events.js no longer has the set '{set}'");
        return [.. Regex.Matches(m.Groups["items"].Value, "\"([^\"]+)\"").Select(x => x.Groups[1].Value)];
    }

    [Test]
    public async Task The_plugin_forwards_exactly_the_relevant_types()
    {
        var forwarded = Items(ForwardedSet());

        await Assert.That(forwarded.Order(StringComparer.Ordinal)).IsEquivalentTo(EventTypes.Relevant.Order(StringComparer.Ordinal));
        await Assert.That(forwarded.Distinct().Count()).IsEqualTo(forwarded.Length);
    }

    [Test]
    public async Task The_plugin_flushes_only_on_types_it_forwards()
    {
        var flushNow = Items(FlushNowSet());

        await Assert.That(flushNow).IsNotEmpty();
        await Assert.That(flushNow.Except(EventTypes.Relevant)).IsEmpty();
    }

    [Test]
    public async Task The_byte_check_and_the_string_check_accept_every_listed_type_and_nothing_else()
    {
        foreach (var type in EventTypes.Relevant)
        {
            await Assert.That(EventTypes.IsRelevant(type)).IsTrue();
            await Assert.That(EventTypes.IsRelevant(Encoding.UTF8.GetBytes($$$"""{"type":"{{{type}}}","properties":{}}"""))).IsTrue();
        }
        await Assert.That(EventTypes.IsRelevant("session.compacted")).IsFalse();
        await Assert.That(EventTypes.IsRelevant((string?)null)).IsFalse();
    }

    [Test]
    public async Task Every_listed_type_reaches_the_classifier_as_something_to_fold()
    {
        foreach (var type in EventTypes.Relevant)
        {
            const string Properties = """{"sessionID":"ses_1","info":{"id":"ses_1"},"part":{"id":"prt_1","messageID":"msg_1"},"messageID":"msg_1","partID":"prt_1","status":{"type":"idle"}}""";
            var line = Encoding.UTF8.GetBytes($"{{\"type\":\"{type}\",\"properties\":{Properties}}}");
            await Assert.That(EventEnvelope.TryParse(line, out var e, out _)).IsTrue();
            var outcome = OpenCodeSync.Sync.EventClassifier.Classify(e!);
            await Assert.That(outcome.Update).IsNotNull()
                .Because($"{type} is listed as relevant, so a well-formed one must be folded");
        }
    }
}
