using OpenSync.ContractServer.Validation;

namespace OpenSync.ContractServer.Storage;

/// <summary>
/// The backend's tables for one user. Every mutation runs under one lock and is all-or-nothing, like a
/// Convex transaction: on an exception the tables are put back as they were.
/// </summary>
internal sealed partial class Store(TimeProvider time, bool sumMessageTokens)
{
    private const string IdAlphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    private readonly Lock _gate = new();
    private Dictionary<string, StoredSession> _sessions = new(StringComparer.Ordinal);
    private Dictionary<string, StoredMessage> _messages = new(StringComparer.Ordinal);
    private List<SkippedUpdate> _skipped = [];

    public IReadOnlyList<StoredSession> Sessions
    {
        get { lock (_gate) return [.. _sessions.Values]; }
    }

    public IReadOnlyList<StoredMessage> Messages
    {
        get { lock (_gate) return [.. _messages.Values]; }
    }

    public IReadOnlyList<SkippedUpdate> Skipped
    {
        get { lock (_gate) return [.. _skipped]; }
    }

    public IReadOnlyList<string> SessionExternalIds
    {
        get { lock (_gate) return [.. _sessions.Keys]; }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _messagesBySession = null;
            _sessions = new(StringComparer.Ordinal);
            _messages = new(StringComparer.Ordinal);
            _skipped = [];
        }
    }

    private long NowMs => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Runs one mutation atomically with its own write budget.</summary>
    private T Mutate<T>(Func<WriteBudget, T> mutation)
    {
        lock (_gate)
        {
            _messagesBySession = null;
            var sessions = new Dictionary<string, StoredSession>(_sessions, StringComparer.Ordinal);
            var messages = new Dictionary<string, StoredMessage>(_messages, StringComparer.Ordinal);
            var skippedCount = _skipped.Count;
            try
            {
                return mutation(new WriteBudget());
            }
            catch
            {
                _sessions = sessions;
                _messages = messages;
                _skipped.RemoveRange(skippedCount, _skipped.Count - skippedCount);
                throw;
            }
        }
    }

    private void RecordSkip(string kind, string externalId, string route, string reason) =>
        _skipped.Add(new SkippedUpdate(kind, externalId, route, time.GetUtcNow(), reason));

    private static string NewId()
    {
        Span<char> id = stackalloc char[32];
        for (var i = 0; i < id.Length; i++) id[i] = IdAlphabet[Random.Shared.Next(IdAlphabet.Length)];
        return new string(id);
    }

    /// <summary>Convex caps the bytes one function execution may write.</summary>
    private sealed class WriteBudget
    {
        private long _bytes;

        public void Spend(int bytes)
        {
            _bytes += bytes;
            if (_bytes > ConvexLimits.MaxMutationWriteBytes)
                throw new ContractException(
                    $"Error: Too many bytes written in a single function execution (> {ConvexLimits.MaxMutationWriteBytes} bytes)")
                { AbortsMutation = true };
        }
    }
}
