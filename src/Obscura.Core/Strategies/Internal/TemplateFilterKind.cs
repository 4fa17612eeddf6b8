namespace Obscura.Core.Strategies.Internal;

/// <summary>A filter of a <c>template</c> placeholder (<c>{first_name|lower}</c>).</summary>
internal enum TemplateFilterKind
{
    /// <summary>Lower case (invariant).</summary>
    Lower,
    /// <summary>Upper case (invariant).</summary>
    Upper,
    /// <summary>Without leading and trailing white space.</summary>
    Trim,
    /// <summary>The first character only (an initial).</summary>
    First,
    /// <summary>Letters and digits only.</summary>
    Alnum,
    /// <summary>Keyed hash as hex, N characters (<c>hash</c> = 16, <c>hash8</c> = 8).</summary>
    Hash,
}
