namespace Obscura.Core.Strategies.Internal;

/// <summary>What one piece of a <c>regex</c> replacement writes.</summary>
internal enum RegexPartKind
{
    /// <summary>Literal text.</summary>
    Literal,
    /// <summary>A captured group by number (0: the whole match).</summary>
    Group,
    /// <summary>A captured group by name.</summary>
    NamedGroup,
    /// <summary>Keyed hash of the match as hex, <see cref="RegexPart.Number"/> characters.</summary>
    Hash,
    /// <summary>Keyed random digits, as many as the match has characters.</summary>
    Digits,
}
