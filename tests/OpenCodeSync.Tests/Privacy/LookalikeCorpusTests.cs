using OpenCodeSync.Privacy;

namespace OpenCodeSync.Tests.Privacy;

/// <summary>Text that resembles secrets or talks about them and must reach the backend unchanged.</summary>
public class LookalikeCorpusTests
{
    public static IEnumerable<string> Texts() =>
    [
        // Hashes and ids.
        """
        commit 3f786850e387550fdab836ed7e6dc881de23001b
        Author: Jane Doe <jane@example.com>
        Date:   Mon Apr 1 10:00:00 2024 +0000

            Fix token refresh when the secret rotates
        """,
        "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3 refs/heads/main\n89e6c98d9288 Merge pull request #42 from acme/desk-top",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  package.tgz",
        "id: 123e4567-e89b-12d3-a456-426614174000, trace=4bf92f3577b34da6a3ce929d0e0e4736",
        "\"integrity\": \"sha512-Kq5sNclPz7QV2+lfQIuNGVbqPP4Tg3m8GjHvcE3vQe7Jz6R2gWq7EXv1r9Iu5yHmIkX9HoBqX2b6M5fAqE1l+w==\",",
        "\"resolved\": \"https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz\",",
        // Code that names secrets without holding one.
        "const token = getToken();\nconst password = req.body.password;\nif (token == null) return;",
        "def login(token: str, secret: Optional[str] = None) -> Session:\n    api_key = os.environ[\"OPENAI_API_KEY\"]",
        "let apiKey = process.env.OPENAI_API_KEY;\nconst { accessToken } = await auth.signIn();\nsecret = config.secret",
        "token_count=5\npassword_length = 12\nmax_tokens: 4096\n\"max_tokens\": 4096, \"tokens\": {\"input\": 1200}",
        "tokenizer = \"cl100k_base\"\nauthor = \"Jane Doe\"\nauthored_at: 2024-01-01\npassthrough: true",
        "token := os.Getenv(\"GITHUB_TOKEN\")\nif token != \"\" { return }\nToken::new(kind)",
        "interface Props { token?: string; password: string; onAuth: () => void }",
        // Placeholders and references.
        "API_KEY=${API_KEY}\nexport GITHUB_TOKEN=$(gh auth token)\nOPENAI_API_KEY=<your-key>\nTOKEN=xxxxxxxx\nDB_PASSWORD=changeme",
        "with:\n  token: ${{ secrets.GITHUB_TOKEN }}\n  password: ${{ secrets.DB_PASSWORD }}\nsecrets: inherit",
        "curl -H \"Authorization: Bearer $TOKEN\" https://api.example.com\nAuthorization: Bearer ${OPENAI_API_KEY}",
        "auth: true\nsecretName: tls-cert\ntoken_type: bearer\npassword: \"\"\nPWD=/home/dev/app\nAUTH_URL=https://auth.example.com/login",
        // Prose.
        "The bearer token is passed in the Authorization header. Enter your password: it is never stored.",
        "Tests: 12 passed, 0 failed\npasses: 3\nbypass: false",
        // Words containing sk-, short and hyphenated.
        "desk-top task-list risk-assessment-matrix-2024 flask-sqlalchemy-extension-v2 sk-learn",
        // Colours, versions, URLs, AWS look-alikes.
        "color: #ff00aa; background: #333; --accent: rgb(10, 20, 30);",
        "version=1.2.3 node v20.11.1 https://github.com/acme/app.git http://localhost:3000/api",
        "arn:aws:iam::123456789012:role/deploy AWS_REGION=us-east-1 ASIAN_MARKETS=open",
        // Base64 of non-secrets in code.
        "const logo = \"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==\";",
    ];

    [Test]
    [MethodDataSource(nameof(Texts))]
    public async Task Survives_unchanged(string text)
    {
        var result = Redactor.Default.Redact(text, out var count);

        await Assert.That(result).IsEqualTo(text);
        await Assert.That(count).IsEqualTo(0);
    }

    [Test]
    public async Task Text_without_secrets_is_returned_as_the_same_instance()
    {
        var text = string.Join('\n', Texts());

        var result = Redactor.Default.Redact(text, out _);

        await Assert.That(ReferenceEquals(result, text)).IsTrue();
    }
}
