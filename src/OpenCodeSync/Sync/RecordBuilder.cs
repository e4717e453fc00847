using OpenCodeSync.Json;
using OpenCodeSync.OpenSync;
using OpenCodeSync.Limits;

namespace OpenCodeSync.Sync;

/// <summary>
/// Snapshot → the records the backend accepts. Every record leaves here redacted and fitted to Convex's
/// limits, so its fingerprint is the fingerprint of what is actually sent. Live sync and backfill share it.
/// </summary>
public static class RecordBuilder
{
    public const string Source = "opencode";

    public static SessionRecord BuildSession(SessionSnapshot s, RecordOptions? options = null)
    {
        options ??= RecordOptions.Default;
        var info = s.Info;
        long prompt = 0, completion = 0;
        double cost = 0;
        string? lastModel = null, lastProvider = null;
        var lastActivity = info?.Long("time", "updated");
        foreach (var m in s.Messages)
        {
            lastActivity = Max(lastActivity, Max(m.Created, m.Completed));
            if (m.Role != "assistant")
                continue;
            prompt += TokenMath.Prompt(m.Info);
            completion += TokenMath.Completion(m.Info);
            cost += Math.Max(0, m.Info.Double("cost") ?? 0);
            lastModel = m.Info.Str("modelID") ?? lastModel;
            lastProvider = m.Info.Str("providerID") ?? lastProvider;
        }

        // Without the session's info (it had not arrived when the session had to be created) the session began
        // with its earliest message: messages are ordered by creation time. A zero span from one message says nothing.
        var infoCreated = info?.Long("time", "created");
        var created = infoCreated ?? s.Messages.FirstOrDefault(m => m.Created is not null)?.Created;
        var directory = info?.Str("directory");
        var duration = created is { } c && lastActivity is { } a && (a > c || (a == c && infoCreated is not null)) ? a - c : (long?)null;
        return ConvexLimits.Fit(options.Redactor.Redact(new SessionRecord
        {
            ExternalId = s.SessionId,
            Title = info?.Str("title"),
            ProjectPath = directory,
            ProjectName = ProjectPaths.ProjectName(directory),
            Model = info?.Str("model", "id") ?? lastModel,
            Provider = info?.Str("model", "providerID") ?? lastProvider,
            Source = Source,
            PromptTokens = TokenMath.Positive(prompt),
            CompletionTokens = TokenMath.Positive(completion),
            Cost = TokenMath.Positive(cost),
            DurationMs = duration,
            CreatedAt = created,
        }));
    }

    public static MessageRecord BuildMessage(SessionSnapshot s, MessageSnapshot m, RecordOptions? options = null)
    {
        options ??= RecordOptions.Default;
        var assistant = m.Role == "assistant";
        var parts = new List<PartRecord>();
        var texts = new List<string>();
        foreach (var part in m.Parts)
        {
            PartConverter.Append(part, options, parts);
            if (part.Type == "text" && PartConverter.IsVisibleText(part.Json))
                texts.Add(part.Json.Str("text")!);
        }

        return ConvexLimits.Fit(options.Redactor.Redact(new MessageRecord
        {
            SessionExternalId = s.SessionId,
            ExternalId = m.Id,
            Role = m.Role is "user" or "assistant" or "system" or "tool" ? m.Role : "unknown",
            TextContent = texts.Count > 0 ? string.Join("\n\n", texts) : null,
            Model = assistant ? m.Info.Str("modelID") : m.Info.Str("model", "modelID"),
            PromptTokens = assistant ? TokenMath.Positive(TokenMath.Prompt(m.Info)) : null,
            CompletionTokens = assistant ? TokenMath.Positive(TokenMath.Completion(m.Info)) : null,
            DurationMs = assistant && m.Created is { } c && m.Completed is { } done && done >= c ? done - c : null,
            CreatedAt = m.Created,
            Parts = parts,
        }));
    }

    /// <summary>
    /// Whether a message is final enough to send: a user message once its text arrived; an assistant message
    /// once completed, or once the session went idle or failed after it was created (aborted replies never
    /// get <c>time.completed</c>).
    /// </summary>
    public static bool IsComplete(SessionSnapshot s, MessageSnapshot m) =>
        m.Role == "user"
            ? m.Parts.Any(p => p.Type == "text")
            : m.Completed is not null || s.SettledAfter(m.Created);

    internal static long? Max(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
