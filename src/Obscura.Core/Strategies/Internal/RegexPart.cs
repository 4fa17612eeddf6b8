namespace Obscura.Core.Strategies.Internal;

/// <summary>One piece of a parsed <c>regex</c> replacement.</summary>
internal readonly record struct RegexPart(RegexPartKind Kind, string Text, int Number);
