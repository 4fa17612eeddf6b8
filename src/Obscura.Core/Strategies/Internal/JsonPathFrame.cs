namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// Where the JSON reader is inside one container: an array's current element index, or an object's current member
/// name as a range of the raw UTF-8 input (unescaped text only when the name has escapes).
/// </summary>
internal struct JsonPathFrame
{
    /// <summary>True for arrays.</summary>
    public bool IsArray;
    /// <summary>Current element index of an array (-1 before the first).</summary>
    public int Index;
    /// <summary>Start of the current member name in the input bytes.</summary>
    public int NameStart;
    /// <summary>Length of the raw (still escaped) member name.</summary>
    public int NameLength;
    /// <summary>The unescaped name when the raw one has escapes, else null.</summary>
    public string? Unescaped;
}
