namespace Obscura.Core.Strategies.Internal;

/// <summary>One piece of a compiled <see cref="FakerTemplate"/>.</summary>
internal readonly record struct FakerSegment(FakerSegmentKind Kind, string? Text, FakerPool? Pool);
