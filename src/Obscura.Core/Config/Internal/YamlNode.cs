namespace Obscura.Core.Config.Internal;

/// <summary>
/// A YAML node with its 1-based line and column. Unlike YamlDotNet's representation model, mappings keep
/// duplicate keys (in order), so the loader can report them with every other problem instead of stopping.
/// </summary>
internal sealed class YamlNode
{
    private YamlNode(YamlNodeKind kind, string text, bool isPlain, int line, int column)
    {
        Kind = kind;
        Text = text;
        IsPlain = isPlain;
        Line = line;
        Column = column;
    }

    /// <summary>Scalar, mapping or sequence.</summary>
    public YamlNodeKind Kind { get; }
    /// <summary>Scalar text (empty for collections).</summary>
    public string Text { get; }
    /// <summary>True for an unquoted scalar.</summary>
    public bool IsPlain { get; }
    /// <summary>1-based line.</summary>
    public int Line { get; }
    /// <summary>1-based column.</summary>
    public int Column { get; }
    /// <summary>Mapping pairs in file order.</summary>
    public List<KeyValuePair<YamlNode, YamlNode>> Pairs { get; } = [];
    /// <summary>Sequence items in file order.</summary>
    public List<YamlNode> Items { get; } = [];

    /// <summary>True for a YAML null: an empty plain scalar, <c>~</c> or <c>null</c>.</summary>
    public bool IsNull => Kind == YamlNodeKind.Scalar && IsPlain && Text is "" or "~" or "null" or "Null" or "NULL";

    /// <summary>Creates a scalar.</summary>
    public static YamlNode Scalar(string text, bool isPlain, int line, int column) => new(YamlNodeKind.Scalar, text, isPlain, line, column);

    /// <summary>Creates an empty mapping or sequence.</summary>
    public static YamlNode Collection(YamlNodeKind kind, int line, int column) => new(kind, string.Empty, false, line, column);

    /// <summary>"a mapping", "a list" or "a scalar" for messages.</summary>
    public string Describe() => Kind switch
    {
        YamlNodeKind.Mapping => "a mapping",
        YamlNodeKind.Sequence => "a list",
        _ => IsNull ? "nothing" : "a single value",
    };
}
