using System.Text;

namespace OpenCodeSync.Browse;

/// <summary>
/// Export files are ordinary user files (the umask decides their mode), each written to a temporary name and
/// renamed, so an interrupted export never leaves half a file under the final name.
/// </summary>
internal static class ExportFiles
{
    public static void Write(string path, Action<TextWriter> write)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var writer = new StreamWriter(temp, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
            {
                writer.NewLine = "\n";
                write(writer);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }
}
