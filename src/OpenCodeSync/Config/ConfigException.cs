namespace OpenCodeSync.Config;

/// <summary>A problem with local configuration that the user can fix; the message says how.</summary>
public sealed class ConfigException(string message, Exception? inner = null) : Exception(message, inner);
