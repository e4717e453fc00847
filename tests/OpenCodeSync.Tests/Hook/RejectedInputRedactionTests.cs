using OpenCodeSync.Hook;

namespace OpenCodeSync.Tests.Hook;

/// <summary>The log quotes rejected input; a secret in it must not reach the log file.</summary>
public class RejectedInputRedactionTests
{
    private const string OpenAiKey = "sk-proj-Zq8Lm2Vt6Rw4Xy9Kp3Nb7Hc5Jd1Fg0Ae8Su";
    private const string GitHubToken = "ghp_R4nD0mT0k3nV4lu3F0rT3st1ngPurp0s3s12";
    private const string OpenSyncKey = "osk_3xampleKeyF0rTheL0gRedact10nTest";

    [Test]
    public async Task A_token_in_a_garbage_line_is_redacted_in_the_log()
    {
        using var run = new HookRun();

        var r = await run.Hook($"export OPENAI_API_KEY={OpenAiKey} {OpenSyncKey}\n");

        await Assert.That(r.All).IsEmpty();
        var log = string.Join("\n", run.LogLines());
        await Assert.That(log).Contains("rejected event");
        await Assert.That(log).Contains("[REDACTED:");
        await Assert.That(log).DoesNotContain(OpenAiKey[..12]);
        await Assert.That(log).DoesNotContain(OpenSyncKey[4..]);
    }

    [Test]
    public async Task A_token_cut_by_the_quote_limit_is_redacted_whole()
    {
        using var run = new HookRun();
        // The token starts inside the quoted prefix and ends after it: only a part of it would be quoted.
        var line = new string('x', InputPreview.MaxBytes - 10) + " " + GitHubToken + " and more";

        await run.Hook(line + "\n");

        var log = string.Join("\n", run.LogLines());
        await Assert.That(log).Contains("rejected event");
        await Assert.That(log).DoesNotContain("ghp_R4n");
        await Assert.That(log).Contains("[REDACTED:");
    }

    [Test]
    [Arguments("hello, this is not an event", "\"hello, this is not an event\"")]
    [Arguments("tab\there \u00e9", "\"tab\\x09here \\xc3\\xa9\"")]
    public async Task Input_without_secrets_is_quoted_as_before(string input, string quoted) =>
        await Assert.That(InputPreview.Of(System.Text.Encoding.UTF8.GetBytes(input))).IsEqualTo(quoted);

    [Test]
    public async Task A_long_line_is_cut_to_the_limit_and_says_its_size()
    {
        var input = new byte[10_000];
        Array.Fill(input, (byte)'a');

        var quoted = InputPreview.Of(input);

        await Assert.That(quoted).IsEqualTo($"\"{new string('a', InputPreview.MaxBytes)}\"… (10000 bytes)");
    }

    [Test]
    public async Task A_marker_at_the_cut_is_kept_whole()
    {
        var input = System.Text.Encoding.ASCII.GetBytes(new string('x', InputPreview.MaxBytes - 4) + " " + OpenAiKey + " tail");

        var quoted = InputPreview.Of(input);

        await Assert.That(quoted).Contains("[REDACTED:");
        await Assert.That(quoted).DoesNotContain("sk-p");
        await Assert.That(quoted[..quoted.IndexOf('…')]).EndsWith("]\"");
    }
}
