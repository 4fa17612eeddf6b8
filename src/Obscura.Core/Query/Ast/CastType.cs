namespace Obscura.Core.Query.Ast;

/// <summary>The portable kinds a CAST may target; each provider spells them in its own dialect.</summary>
public enum CastType
{
    /// <summary>A whole number (INT, BIGINT, SMALLINT...).</summary>
    Integer,
    /// <summary>A floating-point number (FLOAT, REAL, DOUBLE).</summary>
    Float,
    /// <summary>An exact decimal (DECIMAL, NUMERIC).</summary>
    Decimal,
    /// <summary>Text (VARCHAR, CHAR, TEXT).</summary>
    Text,
    /// <summary>A calendar date.</summary>
    Date,
    /// <summary>A date and time.</summary>
    DateTime,
}
