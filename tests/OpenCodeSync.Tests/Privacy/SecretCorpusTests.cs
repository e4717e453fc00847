using OpenCodeSync.Privacy;

namespace OpenCodeSync.Tests.Privacy;

/// <summary>Every default kind, in the places transcripts really show them: each listed secret must vanish.</summary>
public class SecretCorpusTests
{
    public sealed record Case(string Name, string Text, string[] Secrets, string[] Kinds, string[]? Kept = null)
    {
        public override string ToString() => Name;
    }

    public static IEnumerable<Func<Case>> Cases()
    {
        yield return () => new("cat .env",
            $"""
            $ cat .env
            NODE_ENV=production
            DATABASE_URL=postgres://app:S3cr3tP4ss@db.internal:5432/app
            OPENAI_API_KEY={Fake.OpenAi}
            ANTHROPIC_API_KEY="{Fake.Anthropic}"
            STRIPE_SECRET_KEY={Fake.Stripe}
            GITHUB_TOKEN={Fake.GitHubPat}
            SESSION_SECRET=correct-horse-battery-staple
            DB_PASSWORD=hunter2
            SMTP_PASS='pa$$w0rd with spaces'
            """,
            ["S3cr3tP4ss", Fake.OpenAi, Fake.Anthropic, Fake.Stripe, Fake.GitHubPat, "correct-horse-battery-staple", "hunter2", "pa$$w0rd with spaces"],
            ["password", "openai-key", "anthropic-key", "stripe-key", "github-token", "secret"],
            ["NODE_ENV=production", "postgres://app:", "@db.internal:5432/app", "SESSION_SECRET=", "DB_PASSWORD="]);

        yield return () => new("env output",
            $"""
            HOME=/home/dev
            PWD=/home/dev/app
            AWS_ACCESS_KEY_ID={Fake.AwsKeyId}
            AWS_SECRET_ACCESS_KEY={Fake.AwsSecret}
            AWS_SESSION_TOKEN={Fake.AwsSessionToken}
            AWS_REGION=us-east-1
            SLACK_BOT_TOKEN={Fake.Slack}
            NPM_CONFIG_USERCONFIG=/home/dev/.npmrc
            """,
            [Fake.AwsKeyId, Fake.AwsSecret, Fake.AwsSessionToken, Fake.Slack],
            ["aws-access-key-id", "aws-secret-key", "token"],
            ["PWD=/home/dev/app", "AWS_REGION=us-east-1", "HOME=/home/dev"]);

        yield return () => new("curl with headers",
            $"""curl -sS https://api.openai.com/v1/models -H "Authorization: Bearer {Fake.OpenAi}" -H 'x-api-key: {Fake.Anthropic}' -H "Content-Type: application/json" """,
            [Fake.OpenAi, Fake.Anthropic],
            ["openai-key", "anthropic-key"],
            ["Authorization: Bearer [REDACTED:", "Content-Type: application/json"]);

        yield return () => new("opaque bearer and basic auth",
            "GET /v1/me HTTP/1.1\nAuthorization: Basic ZGVwbG95OnRvcHNlY3JldDEyMw==\n\nfetch(url, { headers: { Authorization: `Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0` } })",
            ["ZGVwbG95OnRvcHNlY3JldDEyMw==", "9f8e7d6c5b4a39281706f5e4d3c2b1a0"],
            ["authorization"],
            ["Authorization: Basic [REDACTED:"]);

        yield return () => new("json config",
            $$"""
            {
              "apiKey": "{{Fake.OpenSync}}",
              "google": { "mapsKey": "{{Fake.Google}}" },
              "database": { "user": "app", "password": "p@ssw0rd!2024" },
              "client_secret": "Zk8q-Wm3t_Lp9xYv",
              "SecretAccessKey": "{{Fake.AwsSecret}}"
            }
            """,
            [Fake.OpenSync, Fake.Google, "p@ssw0rd!2024", "Zk8q-Wm3t_Lp9xYv", Fake.AwsSecret],
            ["opensync-key", "google-api-key", "password", "secret", "aws-secret-key"],
            ["\"user\": \"app\""]);

        yield return () => new("yaml",
            $"""
            database:
              host: db.internal
              password: Pa55word!
              api_key: abcd1234efgh5678
            slack:
              token: "{Fake.Slack}"
            npm_token: {Fake.Npm}
            """,
            ["Pa55word!", "abcd1234efgh5678", Fake.Slack, Fake.Npm],
            ["password", "api-key", "slack-token", "npm-token"],
            ["host: db.internal"]);

        yield return () => new("pem files",
            $"$ cat ~/.ssh/id_rsa\n{Fake.RsaPrivateKey}\n$ cat deploy_key\n{Fake.OpenSshPrivateKey}\n$ echo done\ndone",
            [Fake.PemBody.Split('\n')[0], Fake.PemBody.Split('\n')[5], "BEGIN RSA PRIVATE KEY"],
            ["private-key"],
            ["$ cat ~/.ssh/id_rsa\n", "$ echo done\ndone"]);

        yield return () => new("pem inside service-account json",
            "{\"type\": \"service_account\", \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\nBKcwggSjAgEAAoIBAQC7\\n-----END PRIVATE KEY-----\\n\", \"client_email\": \"x@y.iam.gserviceaccount.com\"}",
            ["MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "BKcwggSjAgEAAoIBAQC7"],
            ["private-key"],
            ["\"client_email\": \"x@y.iam.gserviceaccount.com\""]);

        yield return () => new("truncated pem",
            "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5zVeAKU4qcnyGoAoGCCqGSM49\nAwEHoUQDQgAE…[truncated 1204 bytes]",
            ["MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5zVeAKU4qcnyGoAoGCCqGSM49"],
            ["private-key"]);

        yield return () => new("docker run -e",
            $"docker run -d -e POSTGRES_PASSWORD=Xk92mQ7vLp -e OPENSYNC_API_KEY={Fake.OpenSync} -e TZ=UTC -p 5432:5432 postgres:16",
            ["Xk92mQ7vLp", Fake.OpenSync],
            ["password", "opensync-key"],
            ["-e TZ=UTC -p 5432:5432 postgres:16"]);

        yield return () => new("git remotes with tokens",
            $"""
            origin	https://x-access-token:{Fake.GitHubApp}@github.com/acme/app.git (fetch)
            gitlab	https://oauth2:{Fake.GitLab}@gitlab.com/acme/app.git (push)
            fine	https://{Fake.GitHubFineGrained}@github.com/acme/app.git (push)
            """,
            [Fake.GitHubApp, Fake.GitLab, Fake.GitHubFineGrained],
            ["github-token", "gitlab-token"],
            ["https://x-access-token:", "@github.com/acme/app.git (fetch)", "https://oauth2:"]);

        yield return () => new("connection strings",
            "mongodb+srv://admin:Tr0ub4dor%263@cluster0.ab1cd.mongodb.net/prod?retryWrites=true\nredis://:r3disPassw0rd@cache:6379/0\nmysql://root:rootpw99@127.0.0.1:3306/shop",
            ["Tr0ub4dor%263", "r3disPassw0rd", "rootpw99"],
            ["password"],
            ["mongodb+srv://admin:", "@cluster0.ab1cd.mongodb.net/prod?retryWrites=true", "mysql://root:"]);

        yield return () => new("jwt in logs and code",
            $"2024-05-01T10:00:00Z INFO login ok id_token={Fake.Jwt} user=42\nconst session = \"{Fake.Jwt}\";",
            [Fake.Jwt, Fake.Jwt.Split('.')[2]],
            ["jwt"],
            ["2024-05-01T10:00:00Z INFO login ok id_token=", "user=42"]);

        yield return () => new("sdk calls in source",
            $"client = OpenAI(api_key=\"{Fake.OpenAiLegacy}\")\nconst gh = new Octokit({{ auth: \"{Fake.GitHubPat}\" }});\npassword = \"hunter2!\"\n",
            [Fake.OpenAiLegacy, Fake.GitHubPat, "hunter2!"],
            ["openai-key", "github-token", "password"],
            ["client = OpenAI(api_key="]);

        yield return () => new(".npmrc and url query",
            $"//registry.npmjs.org/:_authToken={Fake.Npm}\nGET https://hooks.example.com/cb?access_token=a1b2c3d4e5f6g7h8&state=xyz",
            [Fake.Npm, "a1b2c3d4e5f6g7h8"],
            ["npm-token", "token"],
            ["&state=xyz"]);
    }

    [Test]
    [MethodDataSource(nameof(Cases))]
    public async Task Every_secret_is_replaced_and_the_context_kept(Case c)
    {
        var result = Redactor.Default.Redact(c.Text, out var count);

        foreach (var secret in c.Secrets)
            await Assert.That(result).DoesNotContain(secret);
        foreach (var kind in c.Kinds)
            await Assert.That(result).Contains($"[REDACTED:{kind}]");
        foreach (var kept in c.Kept ?? [])
            await Assert.That(result).Contains(kept);
        await Assert.That(count).IsGreaterThanOrEqualTo(1);
    }

    [Test]
    [MethodDataSource(nameof(Cases))]
    public async Task Redacting_twice_changes_nothing_more(Case c)
    {
        var once = Redactor.Default.Redact(c.Text, out _);
        var twice = Redactor.Default.Redact(once, out var count);

        await Assert.That(twice).IsEqualTo(once);
        await Assert.That(count).IsEqualTo(0);
    }

    [Test]
    public async Task Each_marker_is_counted()
    {
        var text = $"a {Fake.GitHubPat} b {Fake.AwsKeyId} c {Fake.Google} d";

        var result = Redactor.Default.Redact(text, out var count);

        await Assert.That(count).IsEqualTo(3);
        await Assert.That(result).IsEqualTo("a [REDACTED:github-token] b [REDACTED:aws-access-key-id] c [REDACTED:google-api-key] d");
    }
}
