using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenCodeSync.Archive;
using OpenCodeSync.Json;
using OpenCodeSync.OpenSync;
using OpenCodeSync.Terminal;

namespace OpenCodeSync.Browse;

/// <summary>How a transcript is written: for the terminal or as Markdown, tool output folded or whole.</summary>
public sealed record TranscriptOptions(bool Markdown, Style Style, TimeZoneInfo Zone, int Width, int FoldLines = 12)
{
    /// <summary>0: never fold (exports keep everything).</summary>
    public bool Folds => FoldLines > 0;
}

/// <summary>
/// One session as a readable conversation: each message a turn with its time, model, tokens and cost; tool
/// calls with their inputs and results. Long outputs are folded to a few lines and say how many are hidden.
/// </summary>
public sealed class Transcript(TranscriptOptions options)
{
    private const string Indent = "    ";
    private readonly Style _s = options.Markdown ? Style.Plain : options.Style;

    public string Render(StoredSession session)
    {
        var sb = new StringBuilder();
        Header(sb, session);
        foreach (var m in session.Messages)
        {
            var record = JsonSerializer.Deserialize(m.RecordJson, ContractJson.Default.MessageRecord);
            if (record is not null)
                Turn(sb, record, m.Usage);
        }
        return sb.ToString();
    }

    private void Header(StringBuilder sb, StoredSession session)
    {
        var r = session.Summary;
        var title = string.IsNullOrWhiteSpace(r.Title) ? "(untitled)" : TextCells.OneLine(r.Title);
        var project = r.ProjectPath is null ? r.ProjectName ?? "-" : $"{r.ProjectName ?? "-"} ({TextCells.OneLine(r.ProjectPath)})";
        var model = r.Model is null ? "-" : TextCells.OneLine(r.Model);
        var when = Numbers.LocalTime(r.CreatedAt, options.Zone);
        var duration = Numbers.Duration(r.CreatedAt is { } c && r.UpdatedAt is { } u ? u - c : null);
        var tokens = $"{Numbers.Count(r.Tokens)} tokens (prompt {Numbers.Count(r.PromptTokens)}, completion {Numbers.Count(r.CompletionTokens)}, " +
                     $"cache {Numbers.Percent(r.CacheRead + r.CacheWrite, r.PromptTokens)} of prompt)";
        if (options.Markdown)
        {
            sb.Append("# ").Append(title).Append("\n\n");
            sb.Append("- **Session:** `").Append(r.Id).Append("`\n");
            sb.Append("- **Project:** ").Append(project).Append('\n');
            sb.Append("- **Model:** ").Append(model).Append('\n');
            sb.Append("- **Started:** ").Append(when).Append(" · **Duration:** ").Append(duration).Append('\n');
            sb.Append("- **Messages:** ").Append(r.Messages).Append(" · **Tokens:** ").Append(tokens).Append(" · **Cost:** ").Append(Numbers.Cost(r.Cost)).Append('\n');
            sb.Append("- **Sync:** ").Append(SyncText(r.Sync)).Append("\n\n");
            return;
        }
        sb.Append(_s.Bold(title)).Append('\n');
        sb.Append(_s.Yellow(r.Id)).Append(_s.Dim(" · ")).Append(project).Append(_s.Dim(" · ")).Append(model).Append('\n');
        sb.Append(_s.Dim($"{when} · {duration} · {r.Messages} messages · {tokens} · {Numbers.Cost(r.Cost)} · {SyncText(r.Sync)}")).Append("\n\n");
    }

    /// <summary>A pulled session is another machine's: say where this copy came from.</summary>
    private static string SyncText(string sync) => sync == SyncStates.Pulled ? "pulled from OpenSync" : sync;

    private void Turn(StringBuilder sb, MessageRecord m, MessageUsage usage)
    {
        var heading = new List<string> { m.Role };
        if (m.Role == "assistant" && m.Model is { Length: > 0 } model)
            heading.Add(TextCells.OneLine(model));
        if (m.CreatedAt is { } at)
            heading.Add(Numbers.LocalTime(at, options.Zone, "yyyy-MM-dd HH:mm:ss"));
        string? numbers = null;
        if (m.Role == "assistant")
        {
            numbers = $"{Numbers.Count(usage.Prompt + usage.Completion)} tokens ({Numbers.Count(usage.Prompt)} prompt, " +
                      $"{Numbers.Count(usage.Completion)} completion) · {Numbers.Cost(usage.Cost)}";
            if (m.DurationMs is { } d)
                numbers += $" · {Numbers.Duration(d)}";
        }
        if (options.Markdown)
        {
            sb.Append("## ").Append(char.ToUpperInvariant(m.Role[0])).Append(m.Role[1..]);
            foreach (var h in heading.Skip(1))
                sb.Append(" · ").Append(h);
            sb.Append("\n\n");
            if (numbers is not null)
                sb.Append('_').Append(numbers).Append("_\n\n");
        }
        else
        {
            var role = m.Role == "user" ? _s.Cyan(_s.Bold(m.Role)) : _s.Magenta(_s.Bold(m.Role));
            sb.Append(_s.Dim("── ")).Append(role);
            foreach (var h in heading.Skip(1))
                sb.Append(_s.Dim(" · ")).Append(h);
            if (numbers is not null)
                sb.Append(_s.Dim(" · " + numbers));
            sb.Append('\n');
        }

        if (m.Parts is { Count: > 0 } parts)
        {
            foreach (var p in parts)
                Part(sb, p);
        }
        else if (m.TextContent is { Length: > 0 } text)
        {
            Text(sb, text);
        }
        if (!options.Markdown)
            sb.Append('\n'); // Markdown blocks already end in a blank line
    }

    private void Part(StringBuilder sb, PartRecord p)
    {
        switch (p.Type)
        {
            case "text" when PartText.Of(p.Content) is { } text:
                Text(sb, text);
                break;
            case "reasoning" when AsString(p.Content) is { } thought:
                if (options.Markdown)
                    sb.Append(Quote("_Thinking:_ " + thought)).Append("\n\n");
                else
                    sb.Append(_s.Dim(Block("thinking: " + TextCells.Printable(thought), Indent))).Append('\n');
                break;
            case "tool-call" when p.Content is JsonObject call:
                ToolCall(sb, call);
                break;
            case "tool-result" when p.Content is JsonObject result:
                ToolResult(sb, result);
                break;
            case "file" when p.Content is JsonObject file:
                var name = Str(file, "filename") ?? Str(file, "url") ?? "file";
                var mime = Str(file, "mime") is { } type ? $" ({type})" : "";
                sb.Append(options.Markdown ? $"📎 `{name}`{mime}\n\n" : $"{Indent}📎 {TextCells.OneLine(name)}{mime}\n");
                break;
            case "subtask" when p.Content is JsonObject task:
                var line = $"subtask {Str(task, "agent") ?? ""}: {Str(task, "description") ?? Str(task, "prompt") ?? ""}";
                sb.Append(options.Markdown ? $"**{line.Trim()}**\n\n" : $"{Indent}↳ {TextCells.OneLine(line)}\n");
                break;
            case not ("text" or "reasoning" or "tool-call" or "tool-result" or "file" or "subtask") when p.Content is not null:
                // Another tool's part (pulled from a shared account): shown as it is stored, on one line.
                var raw = TextCells.OneLine(p.Content.ToJsonString(CompactJson));
                raw = raw.Length > RawPartChars ? raw[..RawPartChars] + "…" : raw;
                sb.Append(options.Markdown ? $"`{p.Type}`: `{raw.Replace('`', '\'')}`\n\n" : $"{Indent}{_s.Dim($"[{p.Type}] {raw}")}\n");
                break;
        }
    }

    private const int RawPartChars = 160;


    private void Text(StringBuilder sb, string text)
    {
        if (options.Markdown)
            sb.Append(text.TrimEnd()).Append("\n\n");
        else
            sb.Append(Block(TextCells.Printable(text).TrimEnd(), Indent)).Append('\n');
    }

    private void ToolCall(StringBuilder sb, JsonObject call)
    {
        var name = Str(call, "name") ?? "tool";
        var args = call["args"] as JsonObject ?? [];
        if (options.Markdown)
        {
            sb.Append("**Tool `").Append(name).Append("`**\n\n");
            if (args.Count > 0)
                Fence(sb, args.ToJsonString(IndentedJson), "json");
            return;
        }
        sb.Append(Indent).Append(_s.Green("▸ " + TextCells.OneLine(name))).Append('\n');
        foreach (var (key, value) in args)
        {
            var text = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value?.ToJsonString() ?? "null";
            var folded = Fold(TextCells.Printable(text).TrimEnd('\n'));
            sb.Append(Block($"{_s.Dim(key + ":")} {folded}", Indent + "  ")).Append('\n');
        }
    }

    private void ToolResult(StringBuilder sb, JsonObject result)
    {
        var status = Str(result, "status") ?? "done";
        var title = Str(result, "title");
        var body = result["error"] ?? result["result"];
        var text = body is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : body?.ToJsonString(IndentedJson);
        if (options.Markdown)
        {
            sb.Append("Result (").Append(status).Append(title is null ? "" : $": {title}").Append("):\n\n");
            if (!string.IsNullOrEmpty(text))
                Fence(sb, Fold(text.TrimEnd('\n')), "");
            return;
        }
        var label = status == "error" ? _s.Yellow("◂ error") : _s.Dim("◂ " + status);
        sb.Append(Indent).Append("  ").Append(label).Append(title is null ? "" : _s.Dim(" · " + TextCells.OneLine(title))).Append('\n');
        if (!string.IsNullOrEmpty(text))
            sb.Append(Block(Fold(TextCells.Printable(text).TrimEnd('\n')), Indent + "    ")).Append('\n');
    }

    /// <summary>The first lines of <paramref name="text"/> and how many more there are.</summary>
    private string Fold(string text)
    {
        if (!options.Folds)
            return text;
        var lines = text.Split('\n');
        var max = options.FoldLines;
        var maxChars = Math.Max(40, options.Width - 8);
        var shown = lines.Take(max).Select(l => TextCells.Width(l) > maxChars * 2 ? TextCells.Fit(l, maxChars * 2) : l);
        var folded = string.Join('\n', shown);
        return lines.Length > max ? $"{folded}\n{_s.Dim($"… {lines.Length - max} more line{(lines.Length - max == 1 ? "" : "s")}")}" : folded;
    }

    private static void Fence(StringBuilder sb, string text, string lang)
    {
        // A fence longer than any run of backticks inside keeps the block closed where it should be.
        var longest = 0;
        for (int i = 0, run = 0; i < text.Length; i++)
            longest = Math.Max(longest, run = text[i] == '`' ? run + 1 : 0);
        var fence = new string('`', Math.Max(3, longest + 1));
        sb.Append(fence).Append(lang).Append('\n').Append(text).Append('\n').Append(fence).Append("\n\n");
    }

    private static string Quote(string text) => string.Join('\n', text.TrimEnd().Split('\n').Select(l => "> " + l));

    private static string Block(string text, string indent) => string.Join('\n', text.Split('\n').Select(l => indent + l));

    private static string? AsString(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static string? Str(JsonObject o, string key) => AsString(o[key]);

    private static readonly JsonSerializerOptions CompactJson = new(ContractJson.Default.Options) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonSerializerOptions IndentedJson = new(ContractJson.Default.Options) { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
