namespace Obscura.Engine.Strategies;

/// <summary>How a token is written.</summary>
internal enum TokenFormat
{
    /// <summary>Base62 characters (0-9A-Za-z).</summary>
    Alnum,
    /// <summary>Decimal digits (integer columns: a keyed permutation of the column's range).</summary>
    Digits,
    /// <summary>A UUID (version 8, custom) in canonical text form or as a UUID value.</summary>
    Uuid,
}
