namespace Obscura.Core.Strategies.Internal;

/// <summary>One row of a <c>generalize</c> map file: a value, what it generalises to, and its line (for messages).</summary>
internal sealed record GeneralizeMapEntry(string Value, string Generalized, int Line);
