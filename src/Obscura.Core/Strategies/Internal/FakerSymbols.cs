namespace Obscura.Core.Strategies.Internal;

/// <summary>Which placeholder characters a locale template expands (besides <c>#{reference}</c>).</summary>
[Flags]
internal enum FakerSymbols
{
    /// <summary><c>#</c> becomes a digit (building numbers, postcodes, phone formats).</summary>
    Digit = 1,
    /// <summary><c>!</c> becomes a digit 2-9 (North American area and exchange codes).</summary>
    NonZeroDigit = 2,
    /// <summary><c>?</c> becomes an upper-case letter (British and Canadian postcodes).</summary>
    Letter = 4,
}
