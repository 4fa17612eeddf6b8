namespace Obscura.Core.Strategies.Internal;

/// <summary>One step of a <c>json</c> path; <see cref="Descend"/> when written after <c>..</c> (any depth below).</summary>
internal sealed record JsonPathSegment(JsonPathSegmentKind Kind, string Name, byte[] NameUtf8, int Index, bool Descend);
