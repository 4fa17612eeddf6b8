using Obscura.Core.Strategies;

namespace Obscura.Service.Dashboard.Internal;

/// <summary>
/// One strategy parameter's input in the picker: for column <see cref="Index"/>, or, when that is null, inside the
/// per-strategy template picker.js copies (its ids and names carry <see cref="IndexToken"/> until then).
/// </summary>
internal sealed record StrategyParameterField(StrategyParameter Parameter, int? Index, string ColumnLabel, string? Value)
{
    /// <summary>Stands for the column's index in a template.</summary>
    public const string IndexToken = "__INDEX__";

    private string At => Index?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? IndexToken;

    /// <summary>The input's id.</summary>
    public string Id => $"col-{At}-p-{Parameter.Name}";

    /// <summary>The form field's name.</summary>
    public string Name => $"Input.Columns[{At}].Parameters[{Parameter.Name}]";

    /// <summary>The default, as placeholder text.</summary>
    public string? DefaultText => StrategyPicker.DefaultText(Parameter);
}
