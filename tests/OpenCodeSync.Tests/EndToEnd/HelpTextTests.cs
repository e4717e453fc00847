using OpenCodeSync.Hosting;
using OpenCodeSync.Cli;

namespace OpenCodeSync.Tests.EndToEnd;

/// <summary>The router's help as a native CLI prints it.</summary>
public class HelpTextTests
{
    [Test]
    [Arguments("Usage: [command] [-h|--help] [--version]", "Usage: opencode-sync [command] [-h|--help] [--version]")]
    [Arguments("Usage: login [options...] [-h|--help] [--version]", "Usage: opencode-sync login [options...] [-h|--help]")]
    [Arguments("  --url <string?>    Deployment URL. [Default: null]", "  --url <string?>    Deployment URL.")]
    [Arguments("  --format <string>  md or json. [Default: @\"md\"]", "  --format <string>  md or json. [Default: md]")]
    [Arguments("  --limit <int>      rows. [Default: 20]", "  --limit <int>      rows. [Default: 20]")]
    [Arguments("a line with \"quotes\"] of its own", "a line with \"quotes\"] of its own")]
    public async Task Help_lines_are_reworded(string generated, string shown) =>
        await Assert.That(HelpText.Polish(generated)).IsEqualTo(shown);
}
