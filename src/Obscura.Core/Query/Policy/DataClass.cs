namespace Obscura.Core.Query.Policy;

/// <summary>How a table or column may be used in a query; a higher value is more restrictive.</summary>
public enum DataClass
{
    /// <summary>May be joined and returned as is.</summary>
    Public = 0,
    /// <summary>Differentially private answers only.</summary>
    Confidential = 1,
    /// <summary>Never in a query, not even in WHERE.</summary>
    Restricted = 2,
}
