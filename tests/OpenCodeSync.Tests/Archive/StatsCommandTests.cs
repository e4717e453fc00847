using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenCodeSync.Archive;
using OpenCodeSync.Commands;
using OpenCodeSync.Sync;
using OpenCodeSync.Tests.Support;
using static OpenCodeSync.Tests.Archive.ArchiveKit;

namespace OpenCodeSync.Tests.Archive;

public class StatsCommandTests
{
    /// <summary>
    /// The fixtures with cost and cache tokens added to every assistant message (the recordings have none),
    /// each message's varying by its position so a wrong sum cannot come out right by accident.
    /// </summary>
    private static List<string> PricedLines(string fixture)
    {
        var n = 0;
        return [.. Fixtures.TextLines(fixture).Select(line =>
        {
            var e = JsonNode.Parse(line)!;
            if (e["type"]?.GetValue<string>() != "message.updated" || e["properties"]?["info"] is not JsonObject info || info["role"]?.GetValue<string>() != "assistant")
                return line;
            n++;
            info["cost"] = 0.001 * n;
            if (info["tokens"] is JsonObject tokens)
                tokens["cache"] = new JsonObject { ["read"] = 40 + n, ["write"] = n % 3 };
            return e.ToJsonString();
        })];
    }

    private static TestHome PricedHome()
    {
        var home = new TestHome();
        using var db = ArchiveDb.Open(home.Paths.DataDir);
        foreach (var f in AllFixtures)
        {
            var fold = Folding.Fold(PricedLines(f));
            foreach (var id in fold.Store.SessionIds)
                db.Save(SessionRecords.Build(fold.Snapshot(id)));
        }
        return home;
    }

    private sealed record Sums(HashSet<string> Sessions, int Messages, long Prompt, long Completion, long Cache, double Cost);

    /// <summary>Straight from the event lines: the last version of each message, grouped by its local creation day.</summary>
    private static Dictionary<string, Sums> Expected(Func<JsonElement, string> key)
    {
        var last = new Dictionary<string, JsonElement>();
        foreach (var line in AllFixtures.SelectMany(PricedLines))
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.GetProperty("type").GetString() == "message.updated")
            {
                var info = doc.RootElement.GetProperty("properties").GetProperty("info").Clone();
                last[info.GetProperty("id").GetString()!] = info;
            }
        }
        var groups = new Dictionary<string, Sums>();
        foreach (var info in last.Values)
        {
            var k = key(info);
            var s = groups.TryGetValue(k, out var g) ? g : new Sums([], 0, 0, 0, 0, 0);
            s.Sessions.Add(info.GetProperty("sessionID").GetString()!);
            s = s with { Messages = s.Messages + 1 };
            if (info.GetProperty("role").GetString() == "assistant")
            {
                var t = info.GetProperty("tokens");
                var cache = t.GetProperty("cache").GetProperty("read").GetInt64() + t.GetProperty("cache").GetProperty("write").GetInt64();
                s = s with
                {
                    Prompt = s.Prompt + t.GetProperty("input").GetInt64() + cache,
                    Completion = s.Completion + t.GetProperty("output").GetInt64() + t.GetProperty("reasoning").GetInt64(),
                    Cache = s.Cache + cache,
                    Cost = s.Cost + info.GetProperty("cost").GetDouble(),
                };
            }
            groups[k] = s;
        }
        return groups;
    }

    private static string LocalDay(JsonElement info) =>
        DateTimeOffset.FromUnixTimeMilliseconds(info.GetProperty("time").GetProperty("created").GetInt64()).ToLocalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Test]
    public async Task Daily_rows_and_total_equal_sums_computed_from_the_events()
    {
        using var home = PricedHome();
        var (code, console) = Run(home, c => new StatsCommand(c).Run(json: true));

        await Assert.That(code).IsEqualTo(0);
        using var doc = JsonDocument.Parse(console.Stdout);
        var expected = Expected(LocalDay);
        var rows = doc.RootElement.GetProperty("rows").EnumerateArray().ToList();
        await Assert.That(rows.Select(r => r.GetProperty("key").GetString()!).ToList())
            .IsEquivalentTo(expected.Keys.Order(StringComparer.Ordinal).ToList(), TUnit.Assertions.Enums.CollectionOrdering.Matching);
        foreach (var r in rows)
        {
            var e = expected[r.GetProperty("key").GetString()!];
            await Assert.That(r.GetProperty("sessions").GetInt32()).IsEqualTo(e.Sessions.Count);
            await Assert.That(r.GetProperty("messages").GetInt32()).IsEqualTo(e.Messages);
            await Assert.That(r.GetProperty("promptTokens").GetInt64()).IsEqualTo(e.Prompt);
            await Assert.That(r.GetProperty("completionTokens").GetInt64()).IsEqualTo(e.Completion);
            await Assert.That(r.GetProperty("cacheTokens").GetInt64()).IsEqualTo(e.Cache);
            await Assert.That(r.GetProperty("cost").GetDouble()).IsEqualTo(e.Cost).Within(1e-9);
        }
        var total = doc.RootElement.GetProperty("total");
        await Assert.That(total.GetProperty("sessions").GetInt32()).IsEqualTo(expected.Values.SelectMany(s => s.Sessions).Distinct().Count());
        await Assert.That(total.GetProperty("messages").GetInt32()).IsEqualTo(expected.Values.Sum(s => s.Messages));
        await Assert.That(total.GetProperty("promptTokens").GetInt64()).IsEqualTo(expected.Values.Sum(s => s.Prompt));
        await Assert.That(total.GetProperty("completionTokens").GetInt64()).IsEqualTo(expected.Values.Sum(s => s.Completion));
        await Assert.That(total.GetProperty("cost").GetDouble()).IsEqualTo(expected.Values.Sum(s => s.Cost)).Within(1e-9);
        await Assert.That(total.GetProperty("cacheShare").GetDouble())
            .IsEqualTo(Math.Round((double)expected.Values.Sum(s => s.Cache) / expected.Values.Sum(s => s.Prompt), 4));
    }

    [Test]
    public async Task By_model_and_by_project_add_up_to_the_same_total()
    {
        using var home = PricedHome();
        foreach (var by in new[] { "model", "project", "week", "month" })
        {
            var (code, console) = Run(home, c => new StatsCommand(c).Run(by: by, json: true));
            await Assert.That(code).IsEqualTo(0);
            using var doc = JsonDocument.Parse(console.Stdout);
            var rows = doc.RootElement.GetProperty("rows").EnumerateArray().ToList();
            var total = doc.RootElement.GetProperty("total");
            await Assert.That(rows.Sum(r => r.GetProperty("promptTokens").GetInt64())).IsEqualTo(total.GetProperty("promptTokens").GetInt64());
            await Assert.That(rows.Sum(r => r.GetProperty("messages").GetInt32())).IsEqualTo(total.GetProperty("messages").GetInt32());
        }
        var (_, byProject) = Run(home, c => new StatsCommand(c).Run(by: "project", json: true));
        using var p = JsonDocument.Parse(byProject.Stdout);
        var expected = Expected(_ => "");
        await Assert.That(p.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("key").GetString()).ToList())
            .Contains("/tmp/oc-bash/proj");
        await Assert.That(p.RootElement.GetProperty("total").GetProperty("promptTokens").GetInt64()).IsEqualTo(expected[""].Prompt);
    }

    [Test]
    public async Task Text_table_has_a_total_row_and_cache_share()
    {
        using var home = PricedHome();
        var (code, console) = Run(home, c => new StatsCommand(c).Run());

        await Assert.That(code).IsEqualTo(0);
        var lines = console.Stdout.TrimEnd().Split('\n');
        await Assert.That(lines[0]).Matches(@"^day\s+sessions\s+messages\s+prompt\s+completion\s+cache\s+cost$");
        await Assert.That(lines[^1]).StartsWith("total");
        await Assert.That(lines[^1]).Matches(@"\d+\.\d%\s+\$\d");
    }

    [Test]
    public async Task Since_keeps_only_later_messages_and_a_bad_by_is_a_usage_error()
    {
        using var home = PricedHome();
        var (_, later) = Run(home, c => new StatsCommand(c).Run(since: "2099-01-01", json: true));
        var (bad, console) = Run(home, c => new StatsCommand(c).Run(by: "hour"));

        using var doc = JsonDocument.Parse(later.Stdout);
        await Assert.That(doc.RootElement.GetProperty("rows").GetArrayLength()).IsEqualTo(0);
        await Assert.That(bad).IsEqualTo(64);
        await Assert.That(console.Stderr).Contains("--by 'hour' is not one of day, week, month, project, model");
    }
}
