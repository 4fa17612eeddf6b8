using Obscura.Core.Diagnostics;

namespace Obscura.Core.Query;

/// <summary>
/// The query is well-formed but refused by policy (exit code 4): the user has no role that allows it, asks for more ε or δ
/// than the role allows per query, or has too little budget left. Nothing was run or spent.
/// </summary>
public sealed class QueryRefusedException : ObscuraException
{
    /// <summary>Creates the exception.</summary>
    public QueryRefusedException(string code, string reason) : base($"query refused ({code}): {reason}")
    {
        Code = code;
        Reason = reason;
    }

    /// <summary>Creates the exception.</summary>
    public QueryRefusedException() : this(DiagnosticCodes.QueryRefused, "refused") { }
    /// <summary>Creates the exception.</summary>
    public QueryRefusedException(string message) : this(DiagnosticCodes.QueryRefused, message) { }
    /// <summary>Creates the exception.</summary>
    public QueryRefusedException(string message, Exception inner) : base(message, inner)
    {
        Code = DiagnosticCodes.QueryRefused;
        Reason = message;
    }

    /// <summary>The OBS84x code.</summary>
    public string Code { get; }
    /// <summary>Why.</summary>
    public string Reason { get; }
}
