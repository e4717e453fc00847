using OpenCodeSync.Privacy;
using OpenCodeSync.Sync;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.Privacy;

/// <summary>Redaction and exclusions on the real delivery path: what the strict server ends up holding.</summary>
public class PrivacyDeliveryTests
{
    private const string GitHubToken = "ghp_R4nd0mL00k1ngT0k3nV4lu3F0rT3st1ng0";
    private const string AwsSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    /// <summary>The tool fixture with secrets in the tool's output and in its input (as a tool would print them).</summary>
    private static List<string> ToolStreamWithSecrets() => Fixtures.TextLines(Fixtures.Tool)
        .Select(l => l
            .Replace("Wrote file successfully.", $"Wrote file successfully.\\nGITHUB_TOKEN={GitHubToken}\\naws_secret_access_key = {AwsSecret}", StringComparison.Ordinal)
            .Replace("hello from the mock model\\n", $"token: {GitHubToken}\\n", StringComparison.Ordinal))
        .ToList();

    [Test]
    public async Task Secrets_in_tool_input_and_output_never_reach_the_server()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var lines = ToolStreamWithSecrets();
        await Assert.That(string.Join('\n', lines)).Contains(GitHubToken);
        h.Journal.AppendAll(lines);

        var result = await h.FlushAsync();

        var stored = h.Actual();
        await Assert.That(result.Pending).IsEqualTo(0);
        await Assert.That(stored).DoesNotContain(GitHubToken);
        await Assert.That(stored).DoesNotContain(AwsSecret);
        await Assert.That(stored).Contains("[REDACTED:github-token]");
        await Assert.That(stored).Contains("[REDACTED:aws-secret-key]");
        await Assert.That(stored).Contains("Wrote file successfully.");
    }

    [Test]
    public async Task With_redaction_off_the_content_is_sent_as_is()
    {
        await using var h = await DeliveryHarness.StartAsync();
        h.Journal.AppendAll(ToolStreamWithSecrets());

        await h.Loop(records: new RecordOptions { Redactor = Redactor.Disabled }).RunAsync(OpenCodeSync.Delivery.LoopMode.Flush, TimeSpan.FromSeconds(60), CancellationToken.None);

        await Assert.That(h.Actual()).Contains(GitHubToken);
    }

    [Test]
    public async Task An_excluded_project_sends_nothing_while_others_still_sync()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var excluded = Fixtures.TextLines(Fixtures.Tool);
        var kept = Fixtures.TextLines(Fixtures.Simple).Select(l => l.Replace("/tmp/oc/proj", "/srv/other/proj", StringComparison.Ordinal)).ToList();
        h.Journal.AppendAll(excluded);
        h.Journal.AppendAll(kept);
        var options = new RecordOptions { Exclusions = new ExclusionMatcher(["/tmp/oc/"], "/home/nobody") };

        var result = await h.Loop(records: options).RunAsync(OpenCodeSync.Delivery.LoopMode.Flush, TimeSpan.FromSeconds(60), CancellationToken.None);

        await Assert.That(result.Pending).IsEqualTo(0);
        await Assert.That(h.Server.Sessions.Select(s => s.ProjectPath)).IsEquivalentTo(new string?[] { "/srv/other/proj" });
        await Assert.That(h.Server.Messages.Count).IsGreaterThan(0);
    }
}
