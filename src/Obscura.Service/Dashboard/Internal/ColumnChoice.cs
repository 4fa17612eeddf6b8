namespace Obscura.Service.Dashboard.Internal;

/// <summary>
/// One column of the new-operation page's strategy picker, as the form posts it: what the inventory said about the column
/// (carried in hidden fields, so choosing needs no second read of the source) and the strategy chosen for it.
/// </summary>
internal sealed class ColumnChoice
{
    /// <summary>The strategy value that means "no rule: copy the column unchanged".</summary>
    public const string Keep = "keep";

    /// <summary>The table as the config names it.</summary>
    public string Table { get; set; } = "";
    public string Column { get; set; } = "";
    /// <summary>The column's type class (lower case), for the strategies that accept it.</summary>
    public string Type { get; set; } = "";
    /// <summary>The kind of personal data the inventory found, or null.</summary>
    public string? Kind { get; set; }
    public double Confidence { get; set; }
    /// <summary>Why the inventory decided so (rules and shares of values, never a value).</summary>
    public string? Evidence { get; set; }
    /// <summary>The drafted line's comment (kind, confidence, key or unique).</summary>
    public string? Comment { get; set; }
    /// <summary><c>table.column</c> of the key the column follows (the planner propagates that key's rule), or null.</summary>
    public string? Follows { get; set; }
    /// <summary>The drafted strategy, or null when the draft gives the column no rule.</summary>
    public string? Drafted { get; set; }
    /// <summary>The chosen strategy, or <see cref="Keep"/>.</summary>
    public string Strategy { get; set; } = Keep;
    /// <summary>The chosen strategy's parameters by name; empty values are left out (the strategy's default applies).</summary>
    public Dictionary<string, string?> Parameters { get; set; } = new(StringComparer.Ordinal);

    /// <summary>True when the inventory found personal data in the column.</summary>
    public bool IsPii => Kind is not null;
}
