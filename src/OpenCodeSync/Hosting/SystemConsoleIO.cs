using System.Text;

namespace OpenCodeSync.Hosting;

/// <summary>The process's real console.</summary>
public sealed class SystemConsoleIO : IConsoleIO
{
    public TextReader In => Console.In;
    public TextWriter Out => Console.Out;
    public TextWriter Error => Console.Error;
    public bool IsInputTerminal => !Console.IsInputRedirected;
    public bool IsOutputTerminal => !Console.IsOutputRedirected;
    public bool IsErrorTerminal => !Console.IsErrorRedirected;

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
