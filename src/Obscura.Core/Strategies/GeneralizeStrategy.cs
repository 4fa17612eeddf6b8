using System.Collections.Concurrent;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies.Internal;

namespace Obscura.Core.Strategies;

/// <summary>
/// <c>generalize</c>: makes values less precise. <c>method</c> selects how: <c>range</c> (numeric buckets),
/// <c>date</c> (first day of month or year), <c>prefix</c> (keep leading characters, pad the rest: 560034 → 560***),
/// <c>round</c> (decimal places, e.g. geo coordinates) or <c>map</c> (a two-column CSV of value,generalized).
/// Not keyed. The map file is the one file Core reads: once per file version, at bind time.
/// </summary>
public sealed class GeneralizeStrategy : StrategyDefinition
{
    private static readonly IReadOnlySet<TypeClass> Types = TypeClassNames.Set(
        TypeClass.Text, TypeClass.Integer, TypeClass.Decimal, TypeClass.Float, TypeClass.Date, TypeClass.DateTime, TypeClass.DateTimeOffset);

    private static readonly StrategyParameter[] Params =
    [
        new("method", ParameterKind.Choice,
            "range: numeric buckets of 'width' (lower bound for numeric columns, a label like 30-39 for text); date: first day of the month or year ('unit'); prefix: keep 'keep' leading characters and pad the rest with 'pad'; round: round to 'decimals' places; map: look values up in 'map_file'.")
        {
            Required = true,
            Choices = ["range", "date", "prefix", "round", "map"],
        },
        new("width", ParameterKind.Number, "range: bucket width (greater than 0; whole for integer columns).") ,
        new("origin", ParameterKind.Number, "range: where buckets start (a bucket is [origin + k*width, origin + (k+1)*width)).") { Default = 0.0 },
        new("unit", ParameterKind.Choice, "date: month or year.") { Default = "month", Choices = ["month", "year"] },
        new("keep", ParameterKind.Integer, "prefix: how many leading characters stay."),
        new("pad", ParameterKind.String, "prefix: the character that replaces each other character; \"\" cuts them off instead.") { Default = "*" },
        new("decimals", ParameterKind.Integer, "round: decimal places to keep (negative: round to tens, hundreds...).") { Default = 2L },
        new("map_file", ParameterKind.String, "map: path of a CSV file with two columns, value,generalized (relative paths from the working directory)."),
        new("header", ParameterKind.Boolean, "map: the file's first row is a header, not a mapping.") { Default = false },
        new("default", ParameterKind.String, "What unmapped values (map) or text that cannot be read as a number or date become; without it they stay as they are."),
    ];

    private readonly ConcurrentDictionary<(string Path, bool Header), (DateTime Stamp, long Length, GeneralizeMapFile Map)> _maps = new();

    /// <inheritdoc />
    public override string Name => "generalize";
    /// <inheritdoc />
    public override string Description => "Makes values less precise: numeric ranges, month or year of dates, prefixes of codes, rounded coordinates, or a mapping table.";
    /// <inheritdoc />
    public override string Example => "{ strategy: generalize, method: prefix, keep: 3, pad: \"*\" }";
    /// <inheritdoc />
    public override IReadOnlyList<StrategyParameter> Parameters => Params;
    /// <inheritdoc />
    public override IReadOnlySet<TypeClass> AcceptedTypes => Types;

    /// <inheritdoc />
    public override void Validate(StrategyBinding binding, string path, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var args = binding.Arguments;
        var column = binding.Column;
        var type = column.TypeClass;
        var method = args.GetString("method") ?? "";
        var where = $"{binding.Table}.{column.Name}";
        var typeOk = method switch
        {
            "range" or "round" => type is TypeClass.Integer or TypeClass.Decimal or TypeClass.Float or TypeClass.Text,
            "date" => type is TypeClass.Date or TypeClass.DateTime or TypeClass.DateTimeOffset or TypeClass.Text,
            "prefix" => type is TypeClass.Text,
            _ => true,
        };
        if (!typeOk)
        {
            diagnostics.Error(path, DiagnosticCodes.TypeNotAccepted, $"generalize method '{method}' cannot be used on {where} ({TypeClassNames.Of(type)})");
            return;
        }
        switch (method)
        {
            case "range":
                if (!args.Has("width")) diagnostics.Error(path, DiagnosticCodes.MissingParameter, "generalize method 'range' needs 'width' (the bucket size)");
                else if (!(args.GetDouble("width") > 0) || args.GetDouble("width") > 1e20)
                    diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, "'width' must be greater than 0 (and at most 1e20)");
                else if (type == TypeClass.Integer && (!IsWhole(args.GetDouble("width")) || !IsWhole(args.GetDouble("origin"))))
                    diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, $"'width' and 'origin' must be whole numbers for the integer column {where}");
                if (Math.Abs(args.GetDouble("origin")) > 1e20) diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, "'origin' must be between -1e20 and 1e20");
                break;
            case "prefix":
                if (!args.Has("keep")) diagnostics.Error(path, DiagnosticCodes.MissingParameter, "generalize method 'prefix' needs 'keep' (how many leading characters stay)");
                else if (args.GetInt64("keep") is < 0 or > int.MaxValue) diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, "'keep' must be 0 or more");
                if ((args.GetString("pad") ?? "*").Length > 1) diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, "'pad' must be one character, or \"\" to cut");
                break;
            case "round":
                var decimals = args.GetInt64("decimals", 2);
                var high = type == TypeClass.Float ? 15 : 28;
                if (decimals < -18 || decimals > high) diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, $"'decimals' must be between -18 and {high}");
                break;
            case "map":
                ValidateMap(binding, path, diagnostics);
                break;
        }
        if (args.GetString("default") is { } fallback && !TryConvert(fallback, column, out _, out var problem))
            diagnostics.Error(path, DiagnosticCodes.InvalidParameter, $"'default' cannot be stored in {where}: {problem}");
    }

    /// <inheritdoc />
    public override IColumnTransformer Create(StrategyBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var args = binding.Arguments;
        var column = binding.Column;
        object? fallback = null;
        if (args.GetString("default") is { } text && !TryConvert(text, column, out fallback, out _))
            throw new InvalidOperationException($"strategy 'generalize' on {binding.Table}.{column.Name}: 'default' does not fit the column (validate the binding first)");
        switch (args.GetString("method"))
        {
            case "range":
                return new GeneralizeRangeTransformer(column, (decimal)args.GetDouble("width", 1), (decimal)args.GetDouble("origin"), fallback);
            case "date":
                return new GeneralizeDateTransformer(column.TypeClass, args.GetString("unit") == "year", fallback);
            case "prefix":
                return new GeneralizePrefixTransformer((int)Math.Clamp(args.GetInt64("keep"), 0, int.MaxValue), args.GetString("pad") ?? "*");
            case "round":
                return new GeneralizeRoundTransformer(column.TypeClass, (int)Math.Clamp(args.GetInt64("decimals", 2), -18, 28), fallback);
            case "map":
            {
                var file = LoadMap(args.GetString("map_file") ?? throw new InvalidOperationException("generalize method 'map' needs 'map_file'"), args.GetBoolean("header"));
                var map = new Dictionary<string, object>(file.Entries.Count, StringComparer.Ordinal);
                foreach (var entry in file.Entries)
                {
                    if (!TryConvert(entry.Generalized, column, out var value, out _))
                        throw new InvalidOperationException($"strategy 'generalize' on {binding.Table}.{column.Name}: line {entry.Line} of the map file does not fit the column (validate the binding first)");
                    map[entry.Value] = value!;
                }
                return new GeneralizeMapTransformer(map, fallback);
            }
            default:
                throw new InvalidOperationException($"strategy 'generalize' on {binding.Table}.{column.Name} has no valid 'method'");
        }
    }

    private void ValidateMap(StrategyBinding binding, string path, DiagnosticBag diagnostics)
    {
        var args = binding.Arguments;
        var column = binding.Column;
        if (args.GetString("map_file") is not { } file)
        {
            diagnostics.Error(path, DiagnosticCodes.MissingParameter, "generalize method 'map' needs 'map_file' (a CSV of value,generalized)");
            return;
        }
        GeneralizeMapFile map;
        try
        {
            map = LoadMap(file, args.GetBoolean("header"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            diagnostics.Error(path, DiagnosticCodes.UnreadableFile, $"the map file '{file}' cannot be read: {e.Message}");
            return;
        }
        catch (FormatException e)
        {
            diagnostics.Error(path, DiagnosticCodes.InvalidParameter, $"the map file '{file}' is not a two-column CSV: {e.Message}");
            return;
        }
        var reported = 0;
        foreach (var entry in map.Entries)
        {
            if (TryConvert(entry.Generalized, column, out _, out var problem)) continue;
            if (++reported > 5)
            {
                diagnostics.Error(path, DiagnosticCodes.InvalidParameter, $"the map file '{file}' has more lines whose generalized value does not fit {binding.Table}.{column.Name}");
                return;
            }
            diagnostics.Error(path, DiagnosticCodes.InvalidParameter, $"line {entry.Line} of the map file '{file}': the generalized value cannot be stored in {binding.Table}.{column.Name}: {problem}");
        }
    }

    // Parsed once per file version; definitions are shared, so the cache is concurrent.
    private GeneralizeMapFile LoadMap(string file, bool header)
    {
        var full = Path.GetFullPath(file);
        var info = new FileInfo(full);
        if (!info.Exists) throw new FileNotFoundException("no such file", full);
        var stamp = info.LastWriteTimeUtc;
        var length = info.Length;
        if (_maps.TryGetValue((full, header), out var cached) && cached.Stamp == stamp && cached.Length == length) return cached.Map;
        var map = GeneralizeMapFile.Parse(File.ReadAllText(full), header);
        _maps[(full, header)] = (stamp, length, map);
        return map;
    }

    private static bool TryConvert(string text, Column column, out object? value, out string? problem)
    {
        try
        {
            value = column.TypeClass == TypeClass.Text ? text : ValueCoercion.ToCanonical(text, column.TypeClass);
        }
        catch (Exception e) when (e is FormatException or OverflowException or InvalidCastException or ArgumentException)
        {
            value = null;
            problem = $"it is not a valid {TypeClassNames.Of(column.TypeClass)}";
            return false;
        }
        problem = ColumnFit.Check(value, column);
        return problem is null;
    }

    private static bool IsWhole(double x) => Math.Floor(x) == x;
}
