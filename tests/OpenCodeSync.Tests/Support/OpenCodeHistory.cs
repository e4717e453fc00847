using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using OpenCodeSync.Sync;
using OpenCodeSync.Sqlite;

namespace OpenCodeSync.Tests.Support;

/// <summary>
/// Writes what OpenCode keeps on disk for sessions that were live once: an <c>opencode.db</c> with the schema
/// of OpenCode 1.18 (copied from a database the real-OpenCode e2e run left), or the older JSON storage tree.
/// Both are made from the fold of event lines, so the records the live path builds for those lines are the
/// expected result of backfilling them.
/// </summary>
public static class OpenCodeHistory
{
    public const string Schema = """
        CREATE TABLE `project` (`id` text PRIMARY KEY, `worktree` text NOT NULL);
        CREATE TABLE `session` (
          `id` text PRIMARY KEY, `project_id` text NOT NULL, `workspace_id` text, `parent_id` text, `slug` text NOT NULL,
          `directory` text NOT NULL, `path` text, `title` text NOT NULL, `version` text NOT NULL, `share_url` text,
          `summary_additions` integer, `summary_deletions` integer, `summary_files` integer, `summary_diffs` text, `metadata` text,
          `cost` real DEFAULT 0 NOT NULL, `tokens_input` integer DEFAULT 0 NOT NULL, `tokens_output` integer DEFAULT 0 NOT NULL,
          `tokens_reasoning` integer DEFAULT 0 NOT NULL, `tokens_cache_read` integer DEFAULT 0 NOT NULL,
          `tokens_cache_write` integer DEFAULT 0 NOT NULL, `revert` text, `permission` text, `agent` text, `model` text,
          `time_created` integer NOT NULL, `time_updated` integer NOT NULL, `time_compacting` integer, `time_archived` integer);
        CREATE INDEX `session_project_idx` ON `session` (`project_id`);
        CREATE INDEX `session_parent_idx` ON `session` (`parent_id`);
        CREATE TABLE `message` (
          `id` text PRIMARY KEY, `session_id` text NOT NULL, `time_created` integer NOT NULL, `time_updated` integer NOT NULL,
          `data` text NOT NULL);
        CREATE INDEX `message_session_time_created_id_idx` ON `message` (`session_id`,`time_created`,`id`);
        CREATE TABLE `part` (
          `id` text PRIMARY KEY, `message_id` text NOT NULL, `session_id` text NOT NULL, `time_created` integer NOT NULL,
          `time_updated` integer NOT NULL, `data` text NOT NULL);
        CREATE INDEX `part_message_id_id_idx` ON `part` (`message_id`,`id`);
        CREATE INDEX `part_session_idx` ON `part` (`session_id`);
        """;

    /// <summary>An <c>opencode.db</c> (WAL, like OpenCode's) holding every session of <paramref name="fold"/>.</summary>
    /// <param name="migrated">Leave the session's cost and tokens 0, as sessions migrated from the JSON era have them.</param>
    public static void WriteDb(string path, SessionFold fold, bool migrated = false)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var db = SqliteDb.Open(path);
        db.Exec("PRAGMA journal_mode = WAL");
        db.Exec(Schema);
        db.InTransaction(() =>
        {
            foreach (var sid in fold.Store.SessionIds)
            {
                var entities = fold.Store.EntitiesOf(sid).ToList();
                if (entities.FirstOrDefault(e => e.Kind == EntityKind.Session) is { } session)
                {
                    var i = JsonNode.Parse(session.Json)!.AsObject();
                    var tokens = i["tokens"];
                    long T(string a, string? b = null) => migrated ? 0 : (long?)(b is null ? tokens?[a] : tokens?[a]?[b]) ?? 0;
                    db.Prepare("INSERT INTO session(id, project_id, parent_id, slug, directory, path, title, version, cost, tokens_input, " +
                               "tokens_output, tokens_reasoning, tokens_cache_read, tokens_cache_write, agent, model, time_created, time_updated) " +
                               "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)")
                        .Bind(1, sid).Bind(2, (string?)i["projectID"] ?? "global").Bind(3, (string?)i["parentID"]).Bind(4, (string?)i["slug"] ?? "slug")
                        .Bind(5, (string?)i["directory"] ?? "/").Bind(6, (string?)i["path"]).Bind(7, (string?)i["title"] ?? "")
                        .Bind(8, (string?)i["version"] ?? "1.18.33").Bind(9, migrated ? 0 : (long)((double?)i["cost"] ?? 0))
                        .Bind(10, T("input")).Bind(11, T("output")).Bind(12, T("reasoning")).Bind(13, T("cache", "read")).Bind(14, T("cache", "write"))
                        .Bind(15, (string?)i["agent"]).Bind(16, i["model"]?.ToJsonString())
                        .Bind(17, (long?)i["time"]?["created"] ?? 0).Bind(18, (long?)i["time"]?["updated"] ?? 0).Run();
                }
                foreach (var m in entities.Where(e => e.Kind == EntityKind.Message && !e.Removed))
                {
                    var created = (long?)JsonNode.Parse(m.Json)!["time"]?["created"] ?? 0;
                    db.Prepare("INSERT INTO message(id, session_id, time_created, time_updated, data) VALUES(?1, ?2, ?3, ?3, ?4)")
                        .Bind(1, m.EntityId).Bind(2, sid).Bind(3, created).Bind(4, Without(m.Json, "id", "sessionID")).Run();
                }
                foreach (var p in entities.Where(e => e.Kind == EntityKind.Part && !e.Removed))
                {
                    db.Prepare("INSERT INTO part(id, message_id, session_id, time_created, time_updated, data) VALUES(?1, ?2, ?3, 0, 0, ?4)")
                        .Bind(1, p.EntityId).Bind(2, p.MessageId).Bind(3, sid).Bind(4, Without(p.Json, "id", "messageID", "sessionID")).Run();
                }
            }
        });
    }

    /// <summary>The JSON storage tree of older OpenCode under <paramref name="root"/> (…/opencode/storage).</summary>
    public static void WriteLegacy(string root, SessionFold fold)
    {
        foreach (var sid in fold.Store.SessionIds)
        {
            var entities = fold.Store.EntitiesOf(sid).ToList();
            if (entities.FirstOrDefault(e => e.Kind == EntityKind.Session) is { } session)
                Write(Path.Combine(root, "session", (string?)JsonNode.Parse(session.Json)!["projectID"] ?? "global", sid + ".json"), session.Json);
            foreach (var m in entities.Where(e => e.Kind == EntityKind.Message && !e.Removed))
                Write(Path.Combine(root, "message", sid, m.EntityId + ".json"), m.Json);
            foreach (var p in entities.Where(e => e.Kind == EntityKind.Part && !e.Removed))
                Write(Path.Combine(root, "part", p.MessageId!, p.EntityId + ".json"), p.Json);
        }

        static void Write(string path, string json)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, json);
        }
    }

    private static string Without(string json, params string[] names)
    {
        var o = JsonNode.Parse(json)!.AsObject();
        foreach (var n in names)
            o.Remove(n);
        return o.ToJsonString();
    }

    public const string Token = "ghp_R2d2C3poBb8Yoda1234567890abcdefABCDEF";

    /// <summary>
    /// Live event lines of <paramref name="count"/> finished sessions: a user turn and an assistant reply with a
    /// tool call, odd unicode everywhere, a GitHub token in one tool output and, in session 0, a huge tool output.
    /// Session i is created at <paramref name="start"/> + i days, in <c>{projectRoot}/p{i % 3}</c>.
    /// </summary>
    public static List<string> Sessions(int count, string projectRoot, long start = 1_767_225_600_000, int hugeOutputChars = 1_500_000)
    {
        var lines = new List<string>();
        for (var n = 0; n < count; n++)
        {
            var sid = $"ses_{n:D4}bf7ffe{n:D4}Test";
            var t = start + (n * 86_400_000L);
            var dir = $"{projectRoot}/p{n % 3}";
            var user = $"msg_{n:D4}a000001User";
            var reply = $"msg_{n:D4}a000002Asst";
            var odd = "naïve café — 日本語 🧑‍💻👍🏽 עברית e\u0301 \u200d\u2028x \"q\" \\ \t";
            var output = n == 0 ? new string('x', hugeOutputChars) + " tail" : $"done {odd} token {Token}";
            JsonObject Session(long updated) => new()
            {
                ["id"] = sid, ["slug"] = "slug-" + n, ["projectID"] = "proj" + (n % 3), ["directory"] = dir, ["title"] = $"Session {n} {odd}",
                ["version"] = "1.18.33", ["model"] = new JsonObject { ["id"] = "model-x", ["providerID"] = "prov" },
                ["cost"] = 0.5, ["tokens"] = new JsonObject { ["input"] = 100 + n, ["output"] = 10, ["reasoning"] = 0, ["cache"] = new JsonObject { ["read"] = 0, ["write"] = 0 } },
                ["time"] = new JsonObject { ["created"] = t, ["updated"] = updated },
            };
            lines.Add(Event("session.updated", new JsonObject { ["sessionID"] = sid, ["info"] = Session(t) }));
            lines.Add(Event("message.updated", new JsonObject { ["sessionID"] = sid, ["info"] = new JsonObject
            {
                ["id"] = user, ["sessionID"] = sid, ["role"] = "user", ["time"] = new JsonObject { ["created"] = t + 10 },
                ["model"] = new JsonObject { ["providerID"] = "prov", ["modelID"] = "model-x" },
            } }));
            lines.Add(Part(sid, user, $"prt_{n:D4}b000001Text", new JsonObject { ["type"] = "text", ["text"] = $"please {odd}" }));
            lines.Add(Event("message.updated", new JsonObject { ["sessionID"] = sid, ["info"] = new JsonObject
            {
                ["id"] = reply, ["sessionID"] = sid, ["role"] = "assistant", ["parentID"] = user, ["modelID"] = "model-x", ["providerID"] = "prov",
                ["cost"] = 0.5, ["tokens"] = new JsonObject { ["input"] = 100 + n, ["output"] = 10, ["reasoning"] = 0, ["cache"] = new JsonObject { ["read"] = 0, ["write"] = 0 } },
                ["time"] = new JsonObject { ["created"] = t + 20, ["completed"] = t + 900 }, ["finish"] = "stop",
            } }));
            lines.Add(Part(sid, reply, $"prt_{n:D4}b000002Tool", new JsonObject
            {
                ["type"] = "tool", ["tool"] = "bash", ["callID"] = "call_" + n,
                ["state"] = new JsonObject
                {
                    ["status"] = "completed", ["input"] = new JsonObject { ["command"] = "echo " + odd }, ["output"] = output, ["title"] = "echo",
                    ["metadata"] = new JsonObject(), ["time"] = new JsonObject { ["start"] = t + 30, ["end"] = t + 40 },
                },
            }));
            lines.Add(Part(sid, reply, $"prt_{n:D4}b000003Text", new JsonObject
            {
                ["type"] = "text", ["text"] = $"answer {n} {odd}", ["time"] = new JsonObject { ["start"] = t + 50, ["end"] = t + 60 },
            }));
            lines.Add(Event("session.updated", new JsonObject { ["sessionID"] = sid, ["info"] = Session(t + 1000) }));
            lines.Add(Event("session.idle", new JsonObject { ["sessionID"] = sid }));
        }
        return lines;
    }

    private static string Part(string sid, string message, string id, JsonObject part)
    {
        part["id"] = id;
        part["sessionID"] = sid;
        part["messageID"] = message;
        return Event("message.part.updated", new JsonObject { ["sessionID"] = sid, ["part"] = part });
    }

    private static string Event(string type, JsonObject properties) =>
        new JsonObject { ["type"] = type, ["properties"] = properties }.ToJsonString();

    public static string Ms(long epochMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(epochMs).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public static string Utf8(byte[] b) => Encoding.UTF8.GetString(b);
}
