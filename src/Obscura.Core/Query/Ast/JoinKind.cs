namespace Obscura.Core.Query.Ast;

/// <summary>How two table sources are joined.</summary>
public enum JoinKind
{
    /// <summary>INNER JOIN.</summary>
    Inner,
    /// <summary>LEFT [OUTER] JOIN.</summary>
    Left,
    /// <summary>RIGHT [OUTER] JOIN.</summary>
    Right,
    /// <summary>FULL [OUTER] JOIN.</summary>
    Full,
    /// <summary>CROSS JOIN, or tables listed with commas.</summary>
    Cross,
}
