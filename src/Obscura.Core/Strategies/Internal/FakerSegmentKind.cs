namespace Obscura.Core.Strategies.Internal;

/// <summary>What one <see cref="FakerSegment"/> of a template renders.</summary>
internal enum FakerSegmentKind : byte
{
    /// <summary>Fixed text.</summary>
    Literal,
    /// <summary>A digit 0-9.</summary>
    Digit,
    /// <summary>A digit 2-9.</summary>
    NonZeroDigit,
    /// <summary>A letter A-Z.</summary>
    Letter,
    /// <summary>A value picked from another pool.</summary>
    Reference,
}
