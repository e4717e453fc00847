using OpenCodeSync.Hosting;

namespace OpenCodeSync.Tests.Support;

/// <summary>Buffers standing in for the terminal; <c>Input</c> is what the "user" types.</summary>
public sealed class FakeConsole(string input = "", bool terminal = false) : IConsoleIO
{
    /// <summary>Raw bytes for <see cref="OpenStandardInput"/>; defaults to the UTF-8 of the typed input.</summary>
    public byte[]? InputBytes { get; init; }

    public Stream OpenStandardInput() => new MemoryStream(InputBytes ?? System.Text.Encoding.UTF8.GetBytes(input), writable: false);

    private readonly StringReader _in = new(input);

    public StringWriter OutBuffer { get; } = new();
    public StringWriter ErrorBuffer { get; } = new();
    public TextReader In => _in;
    public TextWriter Out => OutBuffer;
    public TextWriter Error => ErrorBuffer;
    public bool IsInputTerminal { get; } = terminal;
    public bool IsOutputTerminal { get; } = terminal;
    public bool IsErrorTerminal { get; } = terminal;
    public int? Width { get; init; }
    public string? ReadSecretLine() => _in.ReadLine();

    public string Stdout => OutBuffer.ToString();
    public string Stderr => ErrorBuffer.ToString();
    public string All => Stdout + Stderr;
}
