namespace Obscura.Core.Strategies;

/// <summary>The kind of value a strategy parameter takes.</summary>
public enum ParameterKind
{
    /// <summary>Any text.</summary>
    String,
    /// <summary>A whole number.</summary>
    Integer,
    /// <summary>A real number.</summary>
    Number,
    /// <summary>true/false.</summary>
    Boolean,
    /// <summary>One of <see cref="StrategyParameter.Choices"/>.</summary>
    Choice,
}

/// <summary>A typed parameter a strategy accepts in <c>obscura.yaml</c> (<c>{ strategy: mask, keep_last: 4 }</c>).</summary>
public sealed record StrategyParameter(string Name, ParameterKind Kind, string Description)
{
    /// <summary>Default when the parameter is omitted (null: no default).</summary>
    public object? Default { get; init; }
    /// <summary>Whether the parameter must be given.</summary>
    public bool Required { get; init; }
    /// <summary>Allowed values for <see cref="ParameterKind.Choice"/>.</summary>
    public IReadOnlyList<string>? Choices { get; init; }
}
