using System.Text;

namespace OpenCodeSync.Hosting;

/// <summary>The process's real console.</summary>
public sealed class SystemConsoleIO : IConsoleIO
{
    public TextReader In => Console.In;
    private TextWriter? _out;

    // Made on first use: the hook never writes to standard output.
    public TextWriter Out => LazyInitializer.EnsureInitialized(ref _out, static () => OperatingSystem.IsWindows()
        ? Console.Out
        : TextWriter.Synchronized(new StreamWriter(new StandardOutputStream(), new UTF8Encoding(false), 4096) { AutoFlush = true }));
    public TextWriter Error => Console.Error;
    public bool IsInputTerminal => !Console.IsInputRedirected;
    public bool IsOutputTerminal => !Console.IsOutputRedirected;
    public bool IsErrorTerminal => !Console.IsErrorRedirected;

    // Asked only when output is a terminal: reading the size initializes the terminal handling, which a
    // redirected (scripted, benchmarked) run does not need to pay for.
    public int? Width
    {
        get
        {
            if (Console.IsOutputRedirected)
                return null;
            try
            {
                return Console.WindowWidth is > 0 and var w ? w : null;
            }
            catch (Exception e) when (e is IOException or PlatformNotSupportedException or InvalidOperationException)
            {
                return null;
            }
        }
    }

    public Stream OpenStandardInput() => Console.OpenStandardInput();

    public string? ReadSecretLine()
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine();
        }

        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    Console.Error.WriteLine();
                    return text.ToString();
                case ConsoleKey.Backspace when text.Length > 0:
                    text.Length--;
                    break;
                case ConsoleKey.C when key.Modifiers.HasFlag(ConsoleModifiers.Control):
                    Console.Error.WriteLine();
                    return null;
                default:
                    if (!char.IsControl(key.KeyChar))
                    {
                        text.Append(key.KeyChar);
                    }

                    break;
            }
        }
    }
}
