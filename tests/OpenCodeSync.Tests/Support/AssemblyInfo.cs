// The suite runs the Linux binary and checks POSIX file modes; it is not meant to run on Windows.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
