using Obscura.Core.Diagnostics;
using Obscura.Core.Query.Ast;

namespace Obscura.Core.Query;

/// <summary>
/// The query is unsupported or unsafe (exit code 2): the message says why and where in the SQL. Nothing was run or spent.
/// Never holds row values.
/// </summary>
public sealed class QueryRejectedException : ObscuraException
{
    /// <summary>Creates the exception.</summary>
    public QueryRejectedException(string code, string reason, SqlPosition? position = null)
        : base($"query rejected ({code}){(position is { } p ? " at " + p : string.Empty)}: {reason}")
    {
        Code = code;
        Reason = reason;
        Position = position;
    }

    /// <summary>Creates the exception.</summary>
    public QueryRejectedException() : this(DiagnosticCodes.QueryUnsupported, "rejected") { }
    /// <summary>Creates the exception.</summary>
    public QueryRejectedException(string message) : this(DiagnosticCodes.QueryUnsupported, message) { }
    /// <summary>Creates the exception.</summary>
    public QueryRejectedException(string message, Exception inner) : base(message, inner)
    {
        Code = DiagnosticCodes.QueryUnsupported;
        Reason = message;
    }

    /// <summary>The OBS8xx code.</summary>
    public string Code { get; }
    /// <summary>Why, without the position.</summary>
    public string Reason { get; }
    /// <summary>Where in the SQL, when known.</summary>
    public SqlPosition? Position { get; }
}
