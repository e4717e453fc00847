using System.Text;
using OpenCodeSync.Journal;
using OpenCodeSync.Tests.Support;

namespace OpenCodeSync.Tests.Journal;

/// <summary>A journal in a temp state directory, with helpers that speak in event strings.</summary>
public sealed class JournalTestKit : IDisposable
{
    private readonly TempDir _dir = new();

    public JournalTestKit()
    {
        Files = new JournalFiles(_dir["state"]);
        Writer = new JournalWriter(Files);
        Source = new FileJournal(Files);
    }

    public JournalFiles Files { get; }
    public JournalWriter Writer { get; }
    public FileJournal Source { get; }
    public List<string> Corrupt { get; } = [];

    public static string Event(int n) => $$$"""{"id":"evt_{{{n:D6}}}","type":"session.idle","properties":{"sessionID":"ses_{{{n}}}"}}""";

    public void Append(params string[] events) =>
        Writer.Append(events.Select(e => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(e)).ToList());

    public (List<string> Events, JournalCursor Last) Read(JournalCursor from)
    {
        var events = new List<string>();
        var last = from;
        foreach (var entry in Source.ReadFrom(from, Corrupt.Add))
        {
            events.Add(Encoding.UTF8.GetString(entry.EventJson.Span));
            last = entry.Next;
        }

        return (events, last);
    }

    public void AppendRaw(byte[] bytes)
    {
        using var file = new FileStream(Files.JournalPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        file.Write(bytes);
    }

    public static byte[] Framed(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var line = new byte[JournalFormat.LineLength(bytes.Length)];
        JournalFormat.WriteLine(bytes, line);
        return line;
    }

    public void Dispose() => _dir.Dispose();
}
