namespace OpenCodeSync.Archive;

/// <summary>The archive cannot be used as asked; <see cref="Exception.Message"/> says why in a user's words.</summary>
public sealed class ArchiveException(string message) : Exception(message);
