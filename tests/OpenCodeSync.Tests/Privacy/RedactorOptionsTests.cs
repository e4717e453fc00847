using OpenCodeSync.Config;
using OpenCodeSync.OpenSync;
using OpenCodeSync.Privacy;

namespace OpenCodeSync.Tests.Privacy;

public class RedactorOptionsTests
{
    private static EffectiveConfig Config(params (string Key, string Value)[] file)
    {
        var settings = Settings.All.Where(s => !s.IsFamily)
            .ToDictionary(s => s.Key, s => new SourcedValue(s.Default, ValueSource.Default), StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in file)
            settings[key] = new SourcedValue(value, ValueSource.File);
        var none = new SourcedValue(null, ValueSource.None);
        return new EffectiveConfig(none, none, settings);
    }

    [Test]
    public async Task Disabled_passes_everything_through()
    {
        var text = $"GITHUB_TOKEN={Fake.GitHubPat}";
        var record = new MessageRecord { SessionExternalId = "s", ExternalId = "m", Role = "user", TextContent = text };

        var redactor = new Redactor(PrivacySettings.Redaction(Config(("redact", "off")), out _));

        await Assert.That(redactor.Enabled).IsFalse();
        await Assert.That(redactor.Redact(text, out var count)).IsEqualTo(text);
        await Assert.That(count).IsEqualTo(0);
        await Assert.That(ReferenceEquals(redactor.Redact(record), record)).IsTrue();
    }

    [Test]
    public async Task Default_configuration_redacts()
    {
        var redactor = new Redactor(PrivacySettings.Redaction(Config(), out var problems));

        await Assert.That(redactor.Redact($"x {Fake.GitHubPat}", out _)).IsEqualTo("x [REDACTED:github-token]");
        await Assert.That(problems).IsEmpty();
    }

    [Test]
    public async Task User_patterns_redact_with_their_name_and_a_secret_group_limits_the_span()
    {
        var redactor = new Redactor(PrivacySettings.Redaction(Config(
            ("redact.pattern.employee-id", @"\bEMP-\d{6}\b"),
            ("redact.pattern.internal", @"corp_session=(?<secret>[a-f0-9]{16})")), out var problems));

        var result = redactor.Redact("owner EMP-123456 cookie corp_session=0123456789abcdef; EMP-12 stays", out var count);

        await Assert.That(result).IsEqualTo("owner [REDACTED:employee-id] cookie corp_session=[REDACTED:internal]; EMP-12 stays");
        await Assert.That(count).IsEqualTo(2);
        await Assert.That(problems).IsEmpty();
    }

    [Test]
    public async Task An_invalid_user_pattern_is_named_in_a_problem_and_the_rest_still_apply()
    {
        var options = PrivacySettings.Redaction(Config(("redact.pattern.broken", "(unclosed"), ("redact.pattern.ok", "ZZTOP\\d+")), out var problems);
        var redactor = new Redactor(options);

        await Assert.That(problems.Count).IsEqualTo(1);
        await Assert.That(problems[0]).Contains("redact.pattern.broken");
        await Assert.That(problems[0]).Contains("not a valid regular expression");
        await Assert.That(redactor.Redact($"ZZTOP42 {Fake.GitHubPat}", out _)).IsEqualTo("[REDACTED:ok] [REDACTED:github-token]");
    }

    [Test]
    public async Task A_runaway_user_pattern_fails_closed()
    {
        var options = PrivacySettings.Redaction(Config(("redact.pattern.slow", "(a+)+$")), out _);
        var redactor = new Redactor(options);
        var text = new string('a', 5000) + "!";

        var result = redactor.Redact(text, out var count);

        await Assert.That(result).IsEqualTo("[REDACTED:slow timed out]");
        await Assert.That(count).IsEqualTo(1);
    }

    [Test]
    public async Task Allowed_values_are_kept_everywhere()
    {
        var publicKey = Fake.Google;
        var redactor = new Redactor(PrivacySettings.Redaction(Config(("redact.allow", $" {publicKey} , pk_test_only ")), out _));
        var record = new MessageRecord
        {
            SessionExternalId = "s", ExternalId = "m", Role = "user",
            Parts = [new PartRecord("tool-call", new System.Text.Json.Nodes.JsonObject { ["apiKey"] = "pk_test_only", ["key2"] = publicKey })],
        };

        var text = redactor.Redact($"maps {publicKey} but not {Fake.GitHubPat}", out var count);
        var redacted = redactor.Redact(record);

        await Assert.That(text).IsEqualTo($"maps {publicKey} but not [REDACTED:github-token]");
        await Assert.That(count).IsEqualTo(1);
        await Assert.That(ReferenceEquals(redacted, record)).IsTrue();
    }
}
