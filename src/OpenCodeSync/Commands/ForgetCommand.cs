using System.Text.Json;
using ConsoleAppFramework;
using OpenCodeSync.Archive;
using OpenCodeSync.Browse;
using OpenCodeSync.Delivery;
using OpenCodeSync.Hosting;
using OpenCodeSync.Json;
using OpenCodeSync.Cli;
using OpenCodeSync.Sqlite;
using OpenCodeSync.State;

namespace OpenCodeSync.Commands;

/// <summary>The <c>forget --json</c> result.</summary>
public sealed record ForgetReport(bool DryRun, IReadOnlyList<ForgetCounts> Sessions, string Backend);

[ConsoleAppFilter<ErrorFilter>]
public sealed class ForgetCommand(CliContext ctx)
{
    private const string Name = "forget";

    /// <summary>Remove sessions from the local archive and the outbox for good (a copy already on OpenSync stays: it has no delete route).</summary>
    /// <param name="dryRun">Say what would be removed; change nothing.</param>
    /// <param name="json">Print the result as JSON.</param>
    /// <param name="ids">Session ids or unique beginnings of them, as 'opencode-sync sessions' lists them.</param>
    [Command("forget")]
    public int Run(bool dryRun = false, bool json = false, [Argument] params string[] ids)
    {
        // The router hands every word after the first id to the ids array, options included: take them back.
        var inputs = new List<string>();
        foreach (var word in ids)
        {
            switch (word)
            {
                case "--dry-run": dryRun = true; break;
                case "--json": json = true; break;
                case var o when o.StartsWith('-'): return Fail($"unknown option '{o}'. See 'opencode-sync forget --help'.", ExitCodes.Usage);
                default: inputs.Add(word); break;
            }
        }
        if (inputs.Count == 0)
            return Fail("give one or more session ids ('opencode-sync sessions' lists them)", ExitCodes.Usage);

        var paths = ctx.Paths;
        var archivePath = ArchiveDb.PathIn(paths.DataDir);
        if (!File.Exists(archivePath))
            return Fail($"no local archive yet ({archivePath}): nothing to forget", ExitCodes.NotConfigured);

        using var writer = WriterLock(paths.StateDir);
        try
        {
            // Lays out state.db (the forgotten table with it) before the archive attaches it.
            using (StateDb.Open(paths.StateDir))
            {
            }
            using var archive = ArchiveDb.Open(paths.DataDir);
            if (archive.WriteProblem is { } problem)
                return Fail(problem, ExitCodes.NotConfigured);
            if (!archive.AttachState(paths.StateDir))
                return Fail($"cannot open the delivery state in {paths.StateDir}", ExitCodes.LocalError);

            // Every id is checked before anything is removed: a typo among several never leaves half of a request done.
            var sessionIds = new List<string>();
            var unknown = 0;
            foreach (var input in inputs)
            {
                var id = SessionLookup.Find(archive, input, out var why) ?? (archive.IsInState(input.Trim()) ? input.Trim() : null);
                if (id is null)
                {
                    unknown++;
                    ctx.Console.Error.WriteLine($"opencode-sync {Name}: {why}; nothing was forgotten");
                }
                else if (!sessionIds.Contains(id))
                {
                    sessionIds.Add(id);
                }
            }
            if (unknown > 0)
                return ExitCodes.NotConfigured;

            var counts = sessionIds.Select(archive.CountForget).ToList();
            if (!dryRun)
                archive.Forget(sessionIds, ctx.Clock.Now.ToUnixTimeMilliseconds());
            Report(counts, dryRun, json);
            return ExitCodes.Ok;
        }
        catch (SqliteException e)
        {
            return Fail($"cannot update {archivePath} or {Path.Combine(paths.StateDir, StateDb.FileName)}: {e.Message}", ExitCodes.LocalError);
        }
    }

    /// <summary>The archive and the outbox have one writer at a time: a running delivery finishes its pass first.</summary>
    private DeliveryLock WriterLock(string stateDir)
    {
        if (DeliveryLock.TryAcquire(stateDir) is { } free)
            return free;
        ctx.Console.Error.WriteLine($"opencode-sync {Name}: waiting for the background delivery to finish ({DeliveryLock.FileName})…");
        return DeliveryLock.Acquire(stateDir);
    }

    private void Report(List<ForgetCounts> counts, bool dryRun, bool json)
    {
        var sent = counts.Count(c => c.Sent);
        var backend = sent == 0
            ? "None of these sessions reached OpenSync. Had one, its copy there would stay: OpenSync has no delete route."
            : $"{sent} of these session(s) were sent to OpenSync and stay there: OpenSync has no delete route, so only the local copy is removed.";
        var o = ctx.Console.Out;
        if (json)
        {
            o.WriteLine(JsonSerializer.Serialize(new ForgetReport(dryRun, counts, backend), ReportJson.Indented.ForgetReport));
            return;
        }
        foreach (var c in counts)
        {
            var dead = c.DeadLetters > 0 ? $", {c.DeadLetters} dead letter(s)" : "";
            o.WriteLine($"{(dryRun ? "Would forget" : "Forgot")} {c.Id}: {c.Messages} message(s), {c.Parts} part(s), " +
                $"{c.Pending} pending outbox record(s){dead}{(dryRun ? "" : " removed")}.");
        }
        o.WriteLine(backend);
        o.WriteLine(dryRun
            ? "Dry run: nothing was changed."
            : "From now on, events for these sessions are ignored, from the journal and from 'opencode-sync sync' alike.");
    }

    private int Fail(string message, int code)
    {
        ctx.Console.Error.WriteLine($"opencode-sync {Name}: {message}");
        return code;
    }
}
