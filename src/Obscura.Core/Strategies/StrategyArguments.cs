using System.Globalization;

namespace Obscura.Core.Strategies;

/// <summary>Validated, typed parameter values of one strategy use (defaults filled in).</summary>
public sealed class StrategyArguments
{
    private readonly IReadOnlyDictionary<string, object?> _values;

    /// <summary>Creates arguments from already-typed values (string, long, double, bool).</summary>
    public StrategyArguments(IReadOnlyDictionary<string, object?> values) => _values = values;

    /// <summary>No arguments.</summary>
    public static StrategyArguments Empty { get; } = new(new Dictionary<string, object?>());

    /// <summary>All values by parameter name.</summary>
    public IReadOnlyDictionary<string, object?> Values => _values;

    /// <summary>True when the parameter has a (possibly defaulted) value.</summary>
    public bool Has(string name) => _values.TryGetValue(name, out var v) && v is not null;

    /// <summary>String value or null.</summary>
    public string? GetString(string name) => _values.TryGetValue(name, out var v) && v is not null ? Convert.ToString(v, CultureInfo.InvariantCulture) : null;

    /// <summary>Integer value or the fallback.</summary>
    public long GetInt64(string name, long fallback = 0) => _values.TryGetValue(name, out var v) && v is not null ? Convert.ToInt64(v, CultureInfo.InvariantCulture) : fallback;

    /// <summary>Number value or the fallback.</summary>
    public double GetDouble(string name, double fallback = 0) => _values.TryGetValue(name, out var v) && v is not null ? Convert.ToDouble(v, CultureInfo.InvariantCulture) : fallback;

    /// <summary>Boolean value or the fallback.</summary>
    public bool GetBoolean(string name, bool fallback = false) => _values.TryGetValue(name, out var v) && v is not null ? Convert.ToBoolean(v, CultureInfo.InvariantCulture) : fallback;

    /// <summary>A stable text form of all arguments, used to key derived secrets so equal configs give equal outputs.</summary>
    public string Fingerprint() => string.Join(";", _values.OrderBy(kv => kv.Key, StringComparer.Ordinal)
        .Select(kv => kv.Key + "=" + Convert.ToString(kv.Value, CultureInfo.InvariantCulture)));
}
