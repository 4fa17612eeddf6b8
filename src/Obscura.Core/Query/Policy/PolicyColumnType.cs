namespace Obscura.Core.Query.Policy;

/// <summary>The declared type of a policy column.</summary>
public enum PolicyColumnType
{
    /// <summary>A whole number.</summary>
    Int,
    /// <summary>A floating-point or decimal number.</summary>
    Float,
    /// <summary>Text.</summary>
    String,
    /// <summary>True/false.</summary>
    Bool,
    /// <summary>A date or timestamp.</summary>
    Date,
}
