using System.Runtime.InteropServices;

namespace OpenCodeSync.Hosting;

/// <summary>
/// Standard output as write(2) on fd 1. <see cref="Console.Out"/> initialises terminal handling (terminfo,
/// signal handlers) on its first write, ~0.3 ms of a ~3 ms `sessions` run on a VM, for nothing a command's
/// output needs: colours are plain escape sequences. Like the console: a reader that went away (`| head`) ends
/// the output silently, and a non-blocking descriptor inherited from a parent is waited on, not failed.
/// </summary>
internal sealed unsafe class StandardOutputStream : Stream
{
    private const int Fd = 1;
    private bool _closedByReader;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            var done = 0;
            while (done < buffer.Length && !_closedByReader)
            {
                var n = Libc.Write(Fd, start + done, (nuint)(buffer.Length - done));
                if (n >= 0)
                {
                    done += (int)n;
                    continue;
                }
                switch (Marshal.GetLastPInvokeError())
                {
                    case Libc.EIntr:
                        break;
                    case Libc.EPipe:
                        _closedByReader = true;
                        break;
                    case Libc.EWouldBlockLinux or Libc.EWouldBlockMac: // EAGAIN
                        var fd = new Libc.PollFd { Fd = Fd, Events = Libc.PollOut };
                        Libc.Poll(&fd, 1, -1);
                        break;
                    case var errno:
                        throw new IOException($"cannot write to standard output: {Marshal.GetPInvokeErrorMessage(errno)}");
                }
            }
        }
    }
}
