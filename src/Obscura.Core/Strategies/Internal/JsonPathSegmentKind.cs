namespace Obscura.Core.Strategies.Internal;

/// <summary>What one step of a <c>json</c> path selects.</summary>
internal enum JsonPathSegmentKind
{
    /// <summary>An object member by name (<c>.name</c> or <c>['name']</c>).</summary>
    Name,
    /// <summary>An array element by position (<c>[0]</c>).</summary>
    Index,
    /// <summary>Any member or element (<c>.*</c> or <c>[*]</c>).</summary>
    Wildcard,
}
