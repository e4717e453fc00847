using System.Diagnostics;
using OpenCodeSync.Privacy;

/// <summary>Per-rule cost on a corpus: trigger candidates, regex matches, CPU time (scripts/bench.sh redact --rules).</summary>
internal static class Diag
{
    public static void Run(string text)
    {
        foreach (var r in BuiltInRules.All)
        {
            var proc = Process.GetCurrentProcess();
            var cpu = proc.TotalProcessorTime;
            int attempts = 0, matches = 0, hits = 0;
            var span = text.AsSpan();
            var pos = span.IndexOfAny(r.TriggerValues!);
            while (pos >= 0 && pos < text.Length)
            {
                attempts++;
                var m = r.MayMatchAt?.Invoke(text, pos) == false ? System.Text.RegularExpressions.Match.Empty : r.Regex.Match(text, pos);
                if (m.Success)
                {
                    matches++;
                    if (r.Judge(m, text) is not null)
                        hits++;
                }
                pos++;
                var next = span[pos..].IndexOfAny(r.TriggerValues!);
                pos = next < 0 ? -1 : pos + next;
            }
            proc.Refresh();
            Console.WriteLine($"{r.Kind,-20} {(proc.TotalProcessorTime - cpu).TotalMilliseconds,8:F1} ms cpu  {attempts,8} candidates {matches,8} matches {hits,6} hits");
        }
    }
}
