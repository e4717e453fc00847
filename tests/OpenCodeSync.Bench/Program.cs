using System.Diagnostics;
using System.Globalization;
using System.Text;
using OpenCodeSync.Privacy;

// `archive DIR SESSIONS MESSAGES`: writes a benchmark archive (see ArchiveGen).
// `state DATA_DIR STATE_DIR`: the delivery state of that archive with everything sent (see StateGen).
// `seed URL KEY SESSIONS MESSAGES` / `sequential URL KEY`: a backend's sessions for `pull`, and the one-at-a-time
// baseline that fetches them (see PullBench). Otherwise:
// redaction throughput on a realistic 10 MB tool output (code, logs, JSON, git output; a few secrets),
// plus the per-call cost at hook size. Prints one "name: value" line per number.
if (args is ["archive", var dataDir, var sessionCount, var perSession])
    return ArchiveGen.Run(dataDir, int.Parse(sessionCount, CultureInfo.InvariantCulture), int.Parse(perSession, CultureInfo.InvariantCulture));
if (args is ["state", var archiveDir, var stateDir])
{
    StateGen.Run(archiveDir, stateDir);
    return 0;
}
if (args is ["seed", var seedUrl, var seedKey, var seedSessions, var seedMessages])
    return await PullBench.SeedAsync(seedUrl, seedKey, int.Parse(seedSessions, CultureInfo.InvariantCulture), int.Parse(seedMessages, CultureInfo.InvariantCulture));
if (args is ["sequential", var baseUrl, var baseKey])
    return await PullBench.SequentialAsync(baseUrl, baseKey);

var corpus = Corpus.Build(10 << 20, secretsEvery: 1 << 20);
var redactor = Redactor.Default;
if (args is ["--rules"])
{
    Diag.Run(corpus);
    return 0;
}


Report("redact 10 MB mixed output (10 secrets)", corpus, redactor);
Report("redact 10 MB prose without triggers", Corpus.Prose(10 << 20), redactor);

var small = corpus[..4096];
var smallClean = Corpus.Prose(4096);
PerCall("hook-sized 4 KB code/log text", small, redactor);
PerCall("hook-sized 4 KB text without triggers", smallClean, redactor);
return 0;

// CPU time of this process, not wall time: the machines this runs on are shared, and a busy neighbour
// stretches wall time without changing what redaction costs.
static double CpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

static void Report(string name, string text, Redactor redactor)
{
    redactor.Redact(text, out var count);   // warm-up
    var times = new List<double>();
    for (var i = 0; i < 7; i++)
    {
        var cpu = CpuSeconds();
        redactor.Redact(text, out _);
        times.Add(CpuSeconds() - cpu);
    }
    times.Sort();
    var mb = text.Length / 1048576.0;   // chars = bytes for this ASCII corpus
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name}: {mb / times[3]:F0} MB/s (median of 7, {times[3] * 1000:F1} ms CPU, {count} redactions)"));
}

static void PerCall(string name, string text, Redactor redactor)
{
    for (var i = 0; i < 2000; i++)
        redactor.Redact(text, out _);
    const int n = 20000;
    var cpu = CpuSeconds();
    for (var i = 0; i < n; i++)
        redactor.Redact(text, out _);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {(CpuSeconds() - cpu) * 1e6 / n:F1} µs CPU per call"));
}

internal static class Corpus
{
    private static readonly string[] Chunks =
    [
        "export async function refresh(token: string): Promise<Session> {\n  const secret = config.secret;\n  const res = await fetch(`${base}/auth/refresh`, { method: \"POST\", headers: { \"Content-Type\": \"application/json\" } });\n  if (!res.ok) throw new Error(`refresh failed: ${res.status}`);\n  return (await res.json()) as Session;\n}\n",
        "2024-05-01T10:00:00.123Z INFO  request id=123e4567-e89b-12d3-a456-426614174000 path=/api/v1/users status=200 duration_ms=12 url=https://api.example.com/v1/users?page=2\n",
        "commit 3f786850e387550fdab836ed7e6dc881de23001b\nAuthor: Jane Doe <jane@example.com>\nDate:   Mon Apr 1 10:00:00 2024 +0000\n\n    Fix token refresh when the password policy changes\n\n",
        "{\"name\": \"lodash\", \"version\": \"4.17.21\", \"resolved\": \"https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz\", \"integrity\": \"sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg==\", \"max_tokens\": 4096}\n",
        "def login(user: str, password: str) -> Token:\n    hashed = bcrypt.hashpw(password.encode(), salt)\n    token_count = 5\n    return issue_token(user, ttl=3600)\n",
        "  src/components/DeskTop.tsx     |  12 ++++---\n  src/lib/api-client.ts         |  48 ++++++++++++++--\n  2 files changed, 45 insertions(+), 15 deletions(-)\n",
        "PASS  src/auth/session.test.ts (3.2 s)\n  ✓ rejects an expired access token (12 ms)\n  ✓ rotates the secret key (8 ms)\nTests: 24 passed, 24 total\n",
    ];

    private static readonly string[] Secrets =
    [
        "GITHUB_TOKEN=ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z5A\n",
        "curl -H \"Authorization: Bearer sk-proj-Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78St90Uv\" https://api.openai.com/v1/models\n",
        "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
        "DATABASE_URL=postgres://app:S3cr3tP4ss@db.internal:5432/app\n",
    ];

    public static string Build(int size, int secretsEvery)
    {
        var sb = new StringBuilder(size + 4096);
        int i = 0, nextSecret = secretsEvery / 2, s = 0;
        while (sb.Length < size)
        {
            sb.Append(Chunks[i++ % Chunks.Length]);
            if (sb.Length >= nextSecret)
            {
                sb.Append(Secrets[s++ % Secrets.Length]);
                nextSecret += secretsEvery;
            }
        }
        return sb.ToString(0, size);
    }

    public static string Prose(int size)
    {
        const string line = "The quick brown fox jumps over the lazy dog while the build finishes and the tests run green.\n";
        var sb = new StringBuilder(size + line.Length);
        while (sb.Length < size)
            sb.Append(line);
        return sb.ToString(0, size);
    }
}
