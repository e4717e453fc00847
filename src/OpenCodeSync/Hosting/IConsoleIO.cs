namespace OpenCodeSync.Hosting;

/// <summary>The terminal as commands see it: streams plus whether each end is a terminal.</summary>
public interface IConsoleIO
{
    TextReader In { get; }
    TextWriter Out { get; }
    TextWriter Error { get; }
    bool IsInputTerminal { get; }
    bool IsOutputTerminal { get; }

    /// <summary>Standard error is a terminal: progress may be redrawn in place there.</summary>
    bool IsErrorTerminal { get; }
    /// <summary>Columns of the terminal standard output goes to; null when it is not a terminal (or unknown).</summary>
    int? Width => null;

    /// <summary>Standard input as bytes (the hook reads event JSON this way, without decoding to text).</summary>
    Stream OpenStandardInput();

    /// <summary>Reads one line typed at a terminal without echoing it (for secrets).</summary>
    string? ReadSecretLine();
}
