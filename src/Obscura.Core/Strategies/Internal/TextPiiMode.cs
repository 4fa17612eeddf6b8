namespace Obscura.Core.Strategies.Internal;

/// <summary>What <c>text_pii</c> puts in place of each item it finds (the <c>mode</c> parameter).</summary>
internal enum TextPiiMode
{
    /// <summary>A consistent fake of the same kind and format, keyed by the run secret.</summary>
    Fake,
    /// <summary>'*' for every letter and digit, separators kept: same length.</summary>
    Mask,
    /// <summary>The kind in brackets: <c>[EMAIL]</c>, <c>[PHONE]</c>, ...</summary>
    Tag,
}
