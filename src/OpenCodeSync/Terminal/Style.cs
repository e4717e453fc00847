using OpenCodeSync.Hosting;

namespace OpenCodeSync.Terminal;

/// <summary>
/// ANSI colour for output a person reads: only when standard output is a terminal, and never with
/// <c>NO_COLOR</c> set (no-color.org) or <c>TERM=dumb</c> — a pipe or a file gets plain text.
/// </summary>
public sealed class Style
{
    private const string Reset = "\e[0m";

    private Style(bool enabled) => Enabled = enabled;

    public bool Enabled { get; }

    public static Style Plain { get; } = new(false);

    public static Style For(IConsoleIO console, IEnvironment env) =>
        new(console.IsOutputTerminal && string.IsNullOrEmpty(env.Get(EnvVars.NoColor)) && env.Get("TERM") != "dumb");

    public string Bold(string text) => Wrap("\e[1m", text);
    public string Dim(string text) => Wrap("\e[2m", text);
    public string Cyan(string text) => Wrap("\e[36m", text);
    public string Green(string text) => Wrap("\e[32m", text);
    public string Yellow(string text) => Wrap("\e[33m", text);
    public string Magenta(string text) => Wrap("\e[35m", text);

    /// <summary>A search hit inside a snippet: reverse video in colour, «guillemets» otherwise.</summary>
    public string Hit(string text) => Enabled ? $"\e[1;33m{text}{Reset}" : $"«{text}»";

    private string Wrap(string code, string text) => Enabled && text.Length > 0 ? code + text + Reset : text;
}
