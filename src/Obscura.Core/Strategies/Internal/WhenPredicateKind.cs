namespace Obscura.Core.Strategies.Internal;

/// <summary>The test <c>when</c> applies to the original value of its column.</summary>
internal enum WhenPredicateKind
{
    /// <summary><c>equals</c>: the text equals (NULL never does).</summary>
    EqualTo,
    /// <summary><c>not_equals</c>: the text differs (NULL always does).</summary>
    NotEqualTo,
    /// <summary><c>in</c>: the text is one of a comma-separated list (NULL never is).</summary>
    In,
    /// <summary><c>matches</c>: a regular expression finds a match in the text (never in NULL).</summary>
    Matches,
    /// <summary><c>is_null: true</c>.</summary>
    IsNull,
    /// <summary><c>is_null: false</c>.</summary>
    IsNotNull,
}
