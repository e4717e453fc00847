namespace OpenSync.ContractServer.Validation;

/// <summary>
/// What a Convex function throws. Routes turn it into <c>500 {"error": message}</c> (the backend
/// stringifies the exception), or into a batch <c>errors[]</c> entry.
/// </summary>
public sealed class ContractException : Exception
{
    public ContractException() : this("Error") { }

    public ContractException(string message) : base(message) { }

    public ContractException(string message, Exception inner) : base(message, inner) { }

    /// <summary>True when no try/catch inside the function can contain it (e.g. the write limit).</summary>
    public bool AbortsMutation { get; init; }
}
