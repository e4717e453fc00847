namespace OpenCodeSync.Journal;

/// <summary>
/// Walks complete lines of an open journal from an offset, validating each; a final line without its
/// newline is left alone (a hook may be writing it right now).
/// </summary>
internal sealed class JournalLineReader(FileStream file, long offset, string generation, Action<string>? onCorrupt)
{
    private byte[] _buffer = new byte[64 * 1024];
    private long _bufferOffset = offset; // file offset of _buffer[0]
    private int _start;                  // first unconsumed byte in _buffer
    private int _end;                    // end of valid data in _buffer
    private bool _eof;

    /// <summary>The next valid event; corrupt lines in between are reported and passed over.</summary>
    public bool TryNext(out JournalEntry entry)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline < 0)
            {
                if (_eof || !Fill())
                {
                    entry = default;
                    return false;
                }

                continue;
            }

            var lineOffset = _bufferOffset + _start;
            var line = _buffer.AsSpan(_start, newline);
            _start += newline + 1;
            var next = new JournalCursor(generation, _bufferOffset + _start);
            if (JournalFormat.TryReadLine(line, out var json, out var problem))
            {
                entry = new JournalEntry(json.ToArray(), next);
                return true;
            }

            if (line.Length > 0)
            {
                onCorrupt?.Invoke($"journal line at byte {lineOffset} skipped: {problem} ({line.Length} bytes)");
            }
        }
    }

    // Moves the unconsumed tail to the front (growing the buffer for long lines) and reads more.
    private bool Fill()
    {
        var pending = _end - _start;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
            _bufferOffset += _start;
            _start = 0;
            _end = pending;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = RandomAccess.Read(file.SafeFileHandle, _buffer.AsSpan(_end), _bufferOffset + _end);
        if (read == 0)
        {
            _eof = true;
            return false;
        }

        _end += read;
        return true;
    }
}
