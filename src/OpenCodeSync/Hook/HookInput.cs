namespace OpenCodeSync.Hook;

/// <summary>All of stdin up to a cap; what did not fit is counted (and drained, so the writer never sees EPIPE).</summary>
public sealed record HookInput(byte[] Buffer, int Length, long DroppedBytes)
{
    /// <summary>Far above any real event (a large tool output is a few MiB); bounds memory for a runaway writer.</summary>
    public const int MaxBytes = 64 << 20;

    /// <summary>Past this much, stop draining too: a writer this broken gets EPIPE rather than a hook that never exits.</summary>
    private const long MaxDrainBytes = 1L << 30;

    public ReadOnlyMemory<byte> Data => Buffer.AsMemory(0, Length);

    public static HookInput Read(Stream stdin, int maxBytes = MaxBytes)
    {
        // One event is typically 0.5–20 KB: start small so the common case is one read into one buffer.
        var buffer = new byte[16 * 1024];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length >= maxBytes)
                {
                    break;
                }

                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 4, maxBytes));
            }

            var read = stdin.Read(buffer, length, buffer.Length - length);
            if (read == 0)
            {
                return new HookInput(buffer, length, 0);
            }

            length += read;
        }

        long dropped = 0;
        var scratch = new byte[64 * 1024];
        int n;
        while (dropped < MaxDrainBytes && (n = stdin.Read(scratch, 0, scratch.Length)) > 0)
        {
            dropped += n;
        }

        // The line cut by the cap is unusable: drop it whole rather than record half an event.
        var lastNewline = buffer.AsSpan(0, length).LastIndexOf((byte)'\n');
        var kept = lastNewline + 1;
        return new HookInput(buffer, kept, dropped + (length - kept));
    }
}
