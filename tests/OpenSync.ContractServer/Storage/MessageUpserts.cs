using OpenSync.ContractServer.Json;
using OpenSync.ContractServer.Validation;

namespace OpenSync.ContractServer.Storage;

/// <summary>Message upserts, single and batch, with the backend's 5 s dedup window and its quirks.</summary>
internal sealed partial class Store
{
    public const long MessageDedupMs = 5_000;

    public (string Id, bool Skipped) UpsertMessage(MessageInput input, string route) => Mutate(budget =>
    {
        var now = NowMs;
        _messages.TryGetValue(input.ExternalId, out var existing);
        if (existing is not null && now - existing.CreatedAt < MessageDedupMs)
        {
            RecordSkip("message", input.ExternalId, route, $"repeat within {MessageDedupMs} ms of the message's createdAt");
            return (existing.Id, true);
        }

        // The session is looked up (and auto-created) even when the message already exists.
        var session = FindOrCreateSession(input.SessionExternalId, input.Model, input.Source, budget);
        StoredMessage message;
        if (existing is not null)
        {
            message = Patch(existing, input, now);
            WriteMessage(message, budget);
            // The update replaces every part with the ones sent; none sent means none kept.
            message = message with { Parts = InsertParts(message.Id, input.Parts, budget, stopAtFirstError: true) };
        }
        else
        {
            message = NewMessage(session, input, now);
            WriteMessage(message, budget);
            message = message with { Parts = InsertParts(message.Id, input.Parts, budget, stopAtFirstError: true) };
        }
        _messages[message.ExternalId] = message;

        var isNew = existing is null;
        if (isNew || HasText(input))
            TouchSession(session, isNew ? 1 : 0, isNew ? input.PromptTokens : null, isNew ? input.CompletionTokens : null, now, budget);
        return (message.Id, false);
    });

    /// <summary>One mutation. Returns inserted+updated and per-message errors; a write-limit error fails it all.</summary>
    public (int Written, int Skipped, IReadOnlyList<string> Errors) UpsertMessages(IReadOnlyList<MessageInput> inputs, string route) =>
        Mutate(budget =>
        {
            var now = NowMs;
            var written = 0;
            var skipped = 0;
            var errors = new List<string>();
            foreach (var group in inputs.GroupBy(m => m.SessionExternalId, StringComparer.Ordinal))
            {
                var first = group.First();
                var session = FindOrCreateSession(group.Key, first.Model, first.Source, budget);
                int inserted = 0;
                double prompt = 0, completion = 0;
                var anyText = false;
                foreach (var input in group)
                {
                    try
                    {
                        _messages.TryGetValue(input.ExternalId, out var existing);
                        if (existing is not null && now - existing.CreatedAt < MessageDedupMs)
                        {
                            RecordSkip("message", input.ExternalId, route, $"repeat within {MessageDedupMs} ms of the message's createdAt");
                            skipped++;
                            continue;
                        }
                        if (existing is not null)
                        {
                            // Backend quirk: a batch update deletes the parts and never re-inserts them.
                            var patched = Patch(existing, input, now) with { Parts = [] };
                            WriteMessage(patched, budget);
                            _messages[patched.ExternalId] = patched;
                            written++;
                            continue;
                        }
                        var message = NewMessage(session, input, now);
                        WriteMessage(message, budget);
                        _messages[message.ExternalId] = message;
                        // The parts are inserted in parallel: the good ones land even when one fails.
                        List<string> partErrors = [];
                        message = message with { Parts = InsertParts(message.Id, input.Parts, budget, false, partErrors) };
                        _messages[message.ExternalId] = message;
                        if (partErrors.Count > 0) throw new ContractException(partErrors[0]);
                        written++;
                        inserted++;
                        prompt += input.PromptTokens ?? 0;
                        completion += input.CompletionTokens ?? 0;
                        anyText |= HasText(input);
                    }
                    catch (ContractException e) when (!e.AbortsMutation)
                    {
                        errors.Add($"{input.ExternalId}: {e.Message}");
                    }
                }
                if (inserted > 0 || anyText) TouchSession(session, inserted, prompt, completion, now, budget);
            }
            return (written, skipped, (IReadOnlyList<string>)errors);
        });

    private StoredSession FindOrCreateSession(string externalId, string? model, string? source, WriteBudget budget) =>
        _sessions.TryGetValue(externalId, out var session) ? session : AutoCreateSession(externalId, model, source, budget);

    private StoredMessage NewMessage(StoredSession session, MessageInput input, long now) => new(
        NewId(), session.Id, session.ExternalId, input.ExternalId, input.Role, input.TextContent, input.Model,
        input.PromptTokens, input.CompletionTokens, input.DurationMs, CreatedAt: input.CreatedAt is { } at ? (long)at : now, UpdatedAt: now, Parts: [], Writes: 1);

    private static StoredMessage Patch(StoredMessage existing, MessageInput input, long now) => existing with
    {
        TextContent = input.TextContent ?? existing.TextContent,
        Model = input.Model ?? existing.Model,
        PromptTokens = input.PromptTokens ?? existing.PromptTokens,
        CompletionTokens = input.CompletionTokens ?? existing.CompletionTokens,
        DurationMs = input.DurationMs ?? existing.DurationMs,
        UpdatedAt = now,
        Writes = existing.Writes + 1,
    };

    private static void WriteMessage(StoredMessage message, WriteBudget budget) =>
        budget.Spend(ConvexLimits.CheckDocument(Documents.Message(message), "messages"));

    private static List<StoredPart> InsertParts(
        string messageId, IReadOnlyList<PartInput>? parts, WriteBudget budget, bool stopAtFirstError, List<string>? errors = null)
    {
        List<StoredPart> stored = [];
        for (var i = 0; i < (parts?.Count ?? 0); i++)
        {
            try
            {
                budget.Spend(ConvexLimits.CheckDocument(Documents.Part(messageId, parts![i], i), "parts"));
                stored.Add(StoredPart.From(parts[i], i));
            }
            catch (ContractException e) when (!stopAtFirstError && !e.AbortsMutation)
            {
                errors?.Add(e.Message);
            }
        }
        return stored;
    }

    /// <summary>The session patch a message write causes; it also restarts the session's 10 s window.</summary>
    private void TouchSession(StoredSession session, int newMessages, double? prompt, double? completion, long now, WriteBudget budget)
    {
        var current = _sessions[session.ExternalId];
        var sum = sumMessageTokens && newMessages > 0;
        var newPrompt = current.PromptTokens + (sum ? prompt ?? 0 : 0);
        var newCompletion = current.CompletionTokens + (sum ? completion ?? 0 : 0);
        Write(current with
        {
            MessageCount = current.MessageCount + newMessages,
            PromptTokens = newPrompt,
            CompletionTokens = newCompletion,
            TotalTokens = sum ? newPrompt + newCompletion : current.TotalTokens,
            UpdatedAt = now,
        }, budget);
    }

    private static bool HasText(MessageInput input) =>
        input.Parts?.Any(p => p.Type == "text" && p.Content is not null && JsonText.Stringify(p.Content) is not ("\"\"" or "null")) == true;
}
