using OpenCodeSync.Hosting;

namespace OpenCodeSync.Tests.Support;

/// <summary>Buffers standing in for the terminal; <c>Input</c> is what the "user" types.</summary>
public sealed class FakeConsole(string input = "", bool terminal = false) : IConsoleIO
{
    private readonly StringReader _in = new(input);

    public StringWriter OutBuffer { get; } = new();
    public StringWriter ErrorBuffer { get; } = new();
    public TextReader In => _in;
    public TextWriter Out => OutBuffer;
    public TextWriter Error => ErrorBuffer;
    public bool IsInputTerminal { get; } = terminal;
    public bool IsOutputTerminal { get; } = terminal;
    public string? ReadSecretLine() => _in.ReadLine();

    public string Stdout => OutBuffer.ToString();
    public string Stderr => ErrorBuffer.ToString();
    public string All => Stdout + Stderr;
}
