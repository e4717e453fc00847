using OpenSync.ContractServer.Validation;

namespace OpenSync.ContractServer.Storage;

/// <summary>Session upserts, single and batch, with the backend's 10 s dedup window.</summary>
internal sealed partial class Store
{
    public const long SessionDedupMs = 10_000;

    public (string Id, bool Skipped) UpsertSession(SessionInput input, string route) =>
        Mutate(budget => UpsertSession(input, route, budget));

    /// <summary>One mutation for the whole batch: any failure writes nothing.</summary>
    public (int Written, int Skipped) UpsertSessions(IReadOnlyList<SessionInput> inputs, string route) =>
        Mutate(budget =>
        {
            var written = 0;
            var skipped = 0;
            foreach (var input in inputs)
            {
                if (UpsertSession(input, route, budget).Skipped) skipped++;
                else written++;
            }
            return (written, skipped);
        });

    private (string Id, bool Skipped) UpsertSession(SessionInput input, string route, WriteBudget budget)
    {
        var now = NowMs;
        var prompt = input.PromptTokens ?? 0;
        var completion = input.CompletionTokens ?? 0;

        if (!_sessions.TryGetValue(input.ExternalId, out var existing))
        {
            var created = new StoredSession(
                Id: NewId(),
                ExternalId: input.ExternalId,
                Title: input.Title,
                ProjectPath: input.ProjectPath,
                ProjectName: input.ProjectName,
                Model: input.Model,
                Provider: input.Provider,
                Source: string.IsNullOrEmpty(input.Source) ? "opencode" : input.Source,
                PromptTokens: prompt,
                CompletionTokens: completion,
                TotalTokens: prompt + completion,
                Cost: input.Cost ?? 0,
                DurationMs: input.DurationMs,
                MessageCount: 0,
                CreatedAt: input.CreatedAt is { } at ? (long)at : now,
                UpdatedAt: now,
                AutoCreated: false,
                Writes: 1);
            Write(created, budget);
            return (created.Id, false);
        }

        // Only these keys are compared: an update changing just cost, duration or project name inside
        // the window is dropped too, which is exactly the trap a client must avoid.
        var unchanged =
            (input.Title is null || input.Title == existing.Title) &&
            (input.Model is null || input.Model == existing.Model) &&
            (input.ProjectPath is null || input.ProjectPath == existing.ProjectPath) &&
            (prompt == 0 || prompt == existing.PromptTokens) &&
            (completion == 0 || completion == existing.CompletionTokens);
        if (unchanged && now - existing.UpdatedAt < SessionDedupMs)
        {
            RecordSkip("session", input.ExternalId, route,
                $"same title/model/projectPath/tokens within {SessionDedupMs} ms of the last update");
            return (existing.Id, true);
        }

        var newPrompt = prompt > 0 ? prompt : existing.PromptTokens;
        var newCompletion = completion > 0 ? completion : existing.CompletionTokens;
        var updated = existing with
        {
            Title = input.Title ?? existing.Title,
            ProjectPath = input.ProjectPath ?? existing.ProjectPath,
            ProjectName = input.ProjectName ?? existing.ProjectName,
            Model = input.Model ?? existing.Model,
            Provider = input.Provider ?? existing.Provider,
            Source = input.Source ?? existing.Source,
            PromptTokens = newPrompt,
            CompletionTokens = newCompletion,
            TotalTokens = prompt > 0 || completion > 0 ? newPrompt + newCompletion : existing.TotalTokens,
            Cost = input.Cost ?? existing.Cost,
            DurationMs = input.DurationMs ?? existing.DurationMs,
            UpdatedAt = now,
            Writes = existing.Writes + 1,
        };
        Write(updated, budget);
        return (existing.Id, false);
    }

    private void Write(StoredSession session, WriteBudget budget)
    {
        budget.Spend(ConvexLimits.CheckDocument(Documents.Session(session), "sessions"));
        _sessions[session.ExternalId] = session;
    }

    /// <summary>What a message does when its session is unknown: insert a bare one.</summary>
    private StoredSession AutoCreateSession(string externalId, string? model, string? source, WriteBudget budget)
    {
        var now = NowMs;
        var session = new StoredSession(
            NewId(), externalId, Title: null, ProjectPath: null, ProjectName: null, Model: model, Provider: null,
            Source: string.IsNullOrEmpty(source) ? "opencode" : source,
            PromptTokens: 0, CompletionTokens: 0, TotalTokens: 0, Cost: 0, DurationMs: null, MessageCount: 0,
            CreatedAt: now, UpdatedAt: now, AutoCreated: true, Writes: 1);
        Write(session, budget);
        return session;
    }
}
