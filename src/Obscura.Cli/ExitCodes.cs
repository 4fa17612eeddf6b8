using System.Data.Common;
using Obscura.Core.Diagnostics;

namespace Obscura.Cli;

/// <summary>The one place exceptions become exit codes.</summary>
public static class ExitCodes
{
    /// <summary>Full success.</summary>
    public const int Ok = 0;
    /// <summary>The run finished but its checks failed (row counts, validation).</summary>
    public const int ValidationFailed = 1;
    /// <summary>Bad config or usage, or a private query rejected as unsupported or unsafe: nothing was written or spent.</summary>
    public const int Usage = 2;
    /// <summary>A database could not be reached or refused an operation.</summary>
    public const int Database = 3;
    /// <summary>A private query refused by policy (role not allowed, per-query limit, insufficient budget): nothing spent.</summary>
    public const int Refused = 4;
    /// <summary>Interrupted (Ctrl-C).</summary>
    public const int Cancelled = 130;
    /// <summary>A bug: please report it.</summary>
    public const int Internal = 70;

    /// <summary>Maps an exception (or its Obscura-level cause) to an exit code.</summary>
    public static int For(Exception exception) => exception switch
    {
        OperationCanceledException => Cancelled,
        ObscuraConfigException => Usage,
        Core.Query.QueryRejectedException => Usage,
        Core.Query.QueryRefusedException => Refused,
        ObscuraValidationException => ValidationFailed,
        ObscuraDatabaseException { InnerException: ObscuraValidationException } => ValidationFailed,
        ObscuraDatabaseException or DbException => Database,
        ObscuraException { InnerException: { } inner } => For(inner),
        ObscuraException => Database,
        IOException or UnauthorizedAccessException => Usage,
        _ => Internal,
    };
}
