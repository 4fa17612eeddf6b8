namespace Obscura.Core.Config.Internal;

/// <summary>The three YAML node kinds.</summary>
internal enum YamlNodeKind
{
    /// <summary>A scalar.</summary>
    Scalar,
    /// <summary>A mapping (pairs kept in order, duplicates included).</summary>
    Mapping,
    /// <summary>A sequence.</summary>
    Sequence,
}
