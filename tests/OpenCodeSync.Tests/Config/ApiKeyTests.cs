using OpenCodeSync.Config;

namespace OpenCodeSync.Tests.Config;

public class ApiKeyTests
{
    private const string Valid = "osk_AbCdEfGhIjKlMnOpQrStUvWxYz012_-9";

    [Test]
    public async Task Mask_shows_prefix_and_last_four_only()
    {
        await Assert.That(ApiKey.Mask(Valid)).IsEqualTo("osk_****2_-9");
        await Assert.That(ApiKey.Mask(Valid)).DoesNotContain("AbCd");
    }

    [Test]
    public async Task Mask_of_a_short_or_missing_key_reveals_nothing()
    {
        await Assert.That(ApiKey.Mask("osk_ab")).IsEqualTo("osk_****");
        await Assert.That(ApiKey.Mask(null)).IsEqualTo("(none)");
    }

    [Test]
    public async Task Valid_key_is_trimmed()
    {
        await Assert.That(ApiKey.TryValidate($"  {Valid}\n", out var key, out _)).IsTrue();
        await Assert.That(key).IsEqualTo(Valid);
    }

    [Test]
    [Arguments("", "empty")]
    [Arguments("sk-live-1234567890", "start with 'osk_'")]
    [Arguments("OSK_abcdefghijklmnop", "start with 'osk_'")]
    [Arguments("osk_abc", "too short: 7 characters, an OpenSync key has 36")]
    [Arguments("osk_test", "too short: 8 characters")]
    [Arguments("osk_abcdefgh ijklmnop", "malformed: character 13 is not a letter, digit, '-' or '_'")]
    [Arguments("osk_abcdefgh/ijklmnop", "malformed: character 13")]
    public async Task Invalid_keys_are_refused_without_echoing_them(string input, string reason)
    {
        var ok = ApiKey.TryValidate(input, out _, out var error);
        await Assert.That(ok).IsFalse();
        await Assert.That(error).Contains(reason);
        if (input.Length > 8)
        {
            await Assert.That(error).DoesNotContain(input);
        }
    }
}
