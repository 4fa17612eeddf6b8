using Obscura.Core.Config.Internal;
using Obscura.Core.Diagnostics;

namespace Obscura.Core.Config;

/// <summary>Reads <c>obscura.yaml</c> into <see cref="ObscuraConfig"/>, keeping line/column of every node for diagnostics.</summary>
/// <remarks>
/// Shape: <c>tables: { &lt;schema.table | table&gt;: { columns: { &lt;column&gt;: { strategy: name, param: value } | name } } }</c>.
/// <c>relations:</c> is a list of logical foreign keys (see <see cref="RelationRule"/>).
/// Per table, <c>where</c> (a SQL predicate) and <c>sample</c> (<c>5%</c> or a row count) restrict a subset copy.
/// Reserved and accepted (ignored for now): top-level <c>version</c>, <c>secret_file</c>. Every other key is an error. All problems are collected before anything is thrown.
/// </remarks>
public static class ConfigLoader
{
    private static readonly string[] TopLevelKeys = ["tables", "plugins", "version", "relations", "secret_file", "sample"];
    private static readonly string[] SampleKeys = ["risk"];
    private static readonly string[] RiskKeys = ["pii", "pii_weight", "weights"];
    private static readonly string[] TableKeys = ["columns", "where", "sample"];
    private static readonly string[] RelationKeys = ["table", "columns", "references", "referenced_columns", "database", "references_database"];

    /// <summary>Loads a file.</summary>
    /// <exception cref="ObscuraConfigException">Unreadable file, YAML syntax error, or unknown/ill-shaped keys (all listed).</exception>
    public static ObscuraConfig LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            var diagnostic = new Diagnostic(Severity.Error, string.Empty, DiagnosticCodes.UnreadableFile, $"cannot read the config file '{path}': {e.Message}");
            throw new ObscuraConfigException(path, [diagnostic]);
        }
        return Parse(text, path);
    }

    /// <summary>Parses YAML text; <paramref name="fileName"/> is used in diagnostics.</summary>
    /// <exception cref="ObscuraConfigException">YAML syntax error, or unknown/ill-shaped keys (all listed).</exception>
    public static ObscuraConfig Parse(string yaml, string fileName = "obscura.yaml")
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var diagnostics = new DiagnosticBag();
        var root = YamlTreeReader.Read(yaml, diagnostics);
        var tables = new List<TableRule>();
        var plugins = new List<PluginReference>();
        var relations = new List<RelationRule>();
        var risk = new List<SampleRiskRule>();
        if (root is not null && !root.IsNull)
        {
            if (root.Kind != YamlNodeKind.Mapping)
                Error(diagnostics, string.Empty, DiagnosticCodes.WrongShape, $"the config must be a mapping with a 'tables' key, not {root.Describe()}", root);
            else
                ReadRoot(root, tables, plugins, relations, risk, fileName, diagnostics);
        }
        if (diagnostics.HasErrors)
        {
            // Report in file order, whichever pass found the problem.
            var ordered = diagnostics.Items.OrderBy(d => d.Line ?? 0).ThenBy(d => d.Column ?? 0).ToList();
            throw new ObscuraConfigException(fileName, ordered);
        }
        return new ObscuraConfig { Tables = tables, Plugins = plugins, Relations = relations, SampleRisk = risk, FilePath = fileName };
    }

    private static void ReadRoot(
        YamlNode root, List<TableRule> tables, List<PluginReference> plugins, List<RelationRule> relations, List<SampleRiskRule> risk,
        string fileName, DiagnosticBag diagnostics)
    {
        foreach (var (key, value) in Pairs(root, string.Empty, diagnostics))
        {
            switch (key.Text)
            {
                case "tables":
                    ReadTables(value, tables, diagnostics);
                    break;
                case "plugins":
                    ReadPlugins(value, plugins, fileName, diagnostics);
                    break;
                case "relations":
                    ReadRelations(value, relations, diagnostics);
                    break;
                case "sample":
                    ReadSample(value, risk, diagnostics);
                    break;
                case "version" or "secret_file":
                    break; // reserved for later versions of the format
                default:
                    UnknownKey(diagnostics, key.Text, key.Text, TopLevelKeys, key);
                    break;
            }
        }
    }

    private static void ReadPlugins(YamlNode node, List<PluginReference> plugins, string fileName, DiagnosticBag diagnostics)
    {
        if (node.IsNull) return;
        if (node.Kind != YamlNodeKind.Sequence)
        {
            Error(diagnostics, "plugins", DiagnosticCodes.WrongShape, $"'plugins' must be a list of assembly paths, not {node.Describe()}", node);
            return;
        }
        // Relative paths are relative to the config file, so a config and its plug-ins travel together.
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(fileName)) ?? Directory.GetCurrentDirectory();
        for (var i = 0; i < node.Items.Count; i++)
        {
            var item = node.Items[i];
            if (item.Kind != YamlNodeKind.Scalar || item.IsNull)
            {
                Error(diagnostics, $"plugins[{i}]", DiagnosticCodes.WrongShape, $"a plug-in is the path of a .dll, not {item.Describe()}", item);
                continue;
            }
            plugins.Add(new PluginReference(Path.GetFullPath(item.Text, baseDirectory), new SourceLocation($"plugins[{i}]", item.Line, item.Column)));
        }
    }

    private static void ReadRelations(YamlNode node, List<RelationRule> relations, DiagnosticBag diagnostics)
    {
        if (node.IsNull) return;
        if (node.Kind != YamlNodeKind.Sequence)
        {
            Error(diagnostics, "relations", DiagnosticCodes.WrongShape, $"'relations' must be a list of {{ table, columns, references, referenced_columns }}, not {node.Describe()}", node);
            return;
        }
        for (var i = 0; i < node.Items.Count; i++)
        {
            var item = node.Items[i];
            var path = $"relations[{i}]";
            if (item.Kind != YamlNodeKind.Mapping)
            {
                Error(diagnostics, path, DiagnosticCodes.WrongShape, $"a relation is a mapping with table, columns, references and referenced_columns, not {item.Describe()}", item);
                continue;
            }
            var text = new Dictionary<string, string>(StringComparer.Ordinal);
            var lists = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var (key, value) in Pairs(item, path, diagnostics))
            {
                var keyPath = path + "." + key.Text;
                switch (key.Text)
                {
                    case "columns" or "referenced_columns":
                        if (Names(value, keyPath, diagnostics) is { } names) lists[key.Text] = names;
                        break;
                    case "table" or "references" or "database" or "references_database":
                        if (value.Kind != YamlNodeKind.Scalar || value.IsNull || value.Text.Length == 0)
                            Error(diagnostics, keyPath, DiagnosticCodes.WrongShape, $"'{key.Text}' must be a name, not {value.Describe()}", value);
                        else
                            text[key.Text] = value.Text;
                        break;
                    default:
                        UnknownKey(diagnostics, keyPath, key.Text, RelationKeys, key);
                        break;
                }
            }
            var complete = true;
            foreach (var required in (string[])["table", "references"])
            {
                if (text.ContainsKey(required)) continue;
                Error(diagnostics, path, DiagnosticCodes.WrongShape, $"the relation has no '{required}'", item);
                complete = false;
            }
            if (!lists.TryGetValue("columns", out var columns))
            {
                Error(diagnostics, path, DiagnosticCodes.WrongShape, "the relation has no 'columns'", item);
                complete = false;
            }
            if (!complete) continue;
            var referenced = lists.TryGetValue("referenced_columns", out var r) ? r : columns!;
            if (referenced.Count != columns!.Count)
            {
                Error(diagnostics, path + ".referenced_columns", DiagnosticCodes.WrongShape,
                    $"'columns' has {columns.Count} names but 'referenced_columns' has {referenced.Count}; they pair up by position", item);
                continue;
            }
            relations.Add(new RelationRule
            {
                Table = text["table"], Columns = columns, ReferencedTable = text["references"], ReferencedColumns = referenced,
                Database = text.GetValueOrDefault("database"), ReferencedDatabase = text.GetValueOrDefault("references_database"),
                Location = Where(path, item),
            });
        }
    }

    private static void ReadSample(YamlNode node, List<SampleRiskRule> risk, DiagnosticBag diagnostics)
    {
        if (node.IsNull) return;
        if (node.Kind != YamlNodeKind.Mapping)
        {
            Error(diagnostics, "sample", DiagnosticCodes.WrongShape, $"'sample' must be a mapping with 'risk', not {node.Describe()}", node);
            return;
        }
        foreach (var (key, value) in Pairs(node, "sample", diagnostics))
        {
            if (key.Text != "risk")
            {
                UnknownKey(diagnostics, "sample." + key.Text, key.Text, SampleKeys, key);
                continue;
            }
            if (value.IsNull) continue;
            if (value.Kind != YamlNodeKind.Mapping)
            {
                Error(diagnostics, "sample.risk", DiagnosticCodes.WrongShape, $"'sample.risk' must be a mapping of table names to rules, not {value.Describe()}", value);
                continue;
            }
            foreach (var (table, rule) in Pairs(value, "sample.risk", diagnostics))
            {
                if (ReadRiskRule(table, rule, "sample.risk." + table.Text, diagnostics) is { } r) risk.Add(r);
            }
        }
    }

    private static SampleRiskRule? ReadRiskRule(YamlNode table, YamlNode node, string path, DiagnosticBag diagnostics)
    {
        var rule = new SampleRiskRule { Table = table.Text, Location = Where(path, table) };
        if (node.IsNull) return rule;
        if (node.Kind != YamlNodeKind.Mapping)
        {
            Error(diagnostics, path, DiagnosticCodes.WrongShape, $"a risk rule must be a mapping with pii, pii_weight and/or weights, not {node.Describe()}", node);
            return null;
        }
        foreach (var (key, value) in Pairs(node, path, diagnostics))
        {
            var keyPath = path + "." + key.Text;
            switch (key.Text)
            {
                case "pii" when value.Kind == YamlNodeKind.Scalar && value.IsPlain && value.Text is "auto" or "none":
                    rule = rule with { PiiColumns = value.Text == "auto" ? null : [] };
                    break;
                case "pii":
                    if (Names(value, keyPath, diagnostics) is not null)
                        rule = rule with { PiiColumns = value.Kind == YamlNodeKind.Scalar ? [Scalar(keyPath, value)] : value.Items.ConvertAll(i => Scalar(keyPath, i)) };
                    break;
                case "pii_weight":
                    if (Weight(value, keyPath, diagnostics) is { } w) rule = rule with { PiiWeight = w };
                    break;
                case "weights" when value.Kind == YamlNodeKind.Scalar && value.IsPlain && value.Text == "auto":
                    break;
                case "weights":
                    if (value.Kind != YamlNodeKind.Mapping)
                    {
                        Error(diagnostics, keyPath, DiagnosticCodes.WrongShape, $"'weights' must be a mapping of numeric columns to weights (e.g. {{ amount: 1.5 }}) or auto, not {value.Describe()}", value);
                        break;
                    }
                    var weights = new List<SampleRiskWeight>();
                    foreach (var (column, weight) in Pairs(value, keyPath, diagnostics))
                    {
                        if (Weight(weight, keyPath + "." + column.Text, diagnostics) is { } cw) weights.Add(new SampleRiskWeight(column.Text, cw, Where(keyPath + "." + column.Text, column)));
                    }
                    rule = rule with { Weights = weights };
                    break;
                default:
                    UnknownKey(diagnostics, keyPath, key.Text, RiskKeys, key);
                    break;
            }
        }
        return rule;
    }

    private static ConfigScalar Scalar(string path, YamlNode node) => new(node.Text, Where(path, node)) { Quoted = !node.IsPlain };

    private static double? Weight(YamlNode node, string path, DiagnosticBag diagnostics)
    {
        if (node.Kind == YamlNodeKind.Scalar && double.TryParse(node.Text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var w)
            && double.IsFinite(w) && w >= 0)
            return w;
        Error(diagnostics, path, DiagnosticCodes.InvalidSampleRisk, $"a weight must be a number of 0 or more, such as 1 or 2.5, not {node.Describe()}", node);
        return null;
    }

    /// <summary>A name or a list of names (<c>id</c>, <c>[a, b]</c>); null (reported) otherwise.</summary>
    private static List<string>? Names(YamlNode node, string path, DiagnosticBag diagnostics)
    {
        if (node.Kind == YamlNodeKind.Scalar && !node.IsNull && node.Text.Length > 0) return [node.Text];
        if (node.Kind == YamlNodeKind.Sequence && node.Items.Count > 0 && node.Items.TrueForAll(n => n.Kind == YamlNodeKind.Scalar && !n.IsNull && n.Text.Length > 0))
            return node.Items.ConvertAll(n => n.Text);
        Error(diagnostics, path, DiagnosticCodes.WrongShape, $"expected a column name or a list of column names, not {node.Describe()}", node);
        return null;
    }

    private static void ReadTables(YamlNode node, List<TableRule> tables, DiagnosticBag diagnostics)
    {
        if (node.IsNull) return;
        if (node.Kind != YamlNodeKind.Mapping)
        {
            Error(diagnostics, "tables", DiagnosticCodes.WrongShape, $"'tables' must be a mapping of table names to sections, not {node.Describe()}", node);
            return;
        }
        foreach (var (key, value) in Pairs(node, "tables", diagnostics))
        {
            var path = "tables." + key.Text;
            var columns = new List<ColumnRule>();
            ConfigScalar? where = null;
            SubsetSample? sample = null;
            SourceLocation? sampleLocation = null;
            if (value.Kind == YamlNodeKind.Mapping)
            {
                foreach (var (sectionKey, sectionValue) in Pairs(value, path, diagnostics))
                {
                    switch (sectionKey.Text)
                    {
                        case "columns":
                            ReadColumns(sectionValue, path + ".columns", columns, diagnostics);
                            break;
                        case "where" or "sample" when sectionValue.Kind != YamlNodeKind.Scalar || sectionValue.Text.Trim().Length == 0:
                            Error(diagnostics, path + "." + sectionKey.Text, DiagnosticCodes.WrongShape, sectionKey.Text == "where"
                                ? $"'where' must be a SQL predicate such as \"id % 10 = 0\", not {sectionValue.Describe()}"
                                : $"'sample' must be a percentage such as 5% or a row count such as 1000, not {sectionValue.Describe()}", sectionValue);
                            break;
                        case "where":
                            where = new ConfigScalar(sectionValue.Text.Trim(), Where(path + ".where", sectionValue)) { Quoted = !sectionValue.IsPlain };
                            break;
                        case "sample":
                            if (SubsetSample.TryParse(sectionValue.Text, out var parsed, out var problem))
                            {
                                sample = parsed;
                                sampleLocation = Where(path + ".sample", sectionValue);
                            }
                            else
                            {
                                Error(diagnostics, path + ".sample", DiagnosticCodes.InvalidSubset, problem, sectionValue);
                            }
                            break;
                        default:
                            UnknownKey(diagnostics, path + "." + sectionKey.Text, sectionKey.Text, TableKeys, sectionKey);
                            break;
                    }
                }
            }
            else if (!value.IsNull)
            {
                Error(diagnostics, path, DiagnosticCodes.WrongShape, $"a table section must be a mapping with 'columns', not {value.Describe()}", value);
            }
            tables.Add(new TableRule { Key = key.Text, Columns = columns, Where = where, Sample = sample, SampleLocation = sampleLocation, Location = Where(path, key) });
        }
    }

    private static void ReadColumns(YamlNode node, string path, List<ColumnRule> columns, DiagnosticBag diagnostics)
    {
        if (node.IsNull) return;
        if (node.Kind != YamlNodeKind.Mapping)
        {
            Error(diagnostics, path, DiagnosticCodes.WrongShape, $"'columns' must be a mapping of column names to rules, not {node.Describe()}", node);
            return;
        }
        foreach (var (key, value) in Pairs(node, path, diagnostics))
        {
            var columnPath = path + "." + key.Text;
            if (value.Kind == YamlNodeKind.Scalar)
            {
                // Shorthand `surname: hash`. A plain `null` here names the null strategy, not YAML null.
                if (value.Text.Length == 0)
                {
                    Error(diagnostics, columnPath, DiagnosticCodes.MissingStrategy, "no strategy given; write e.g. 'surname: hash' or 'surname: { strategy: hash }'", key);
                    continue;
                }
                columns.Add(new ColumnRule
                {
                    Column = key.Text,
                    Strategy = value.Text,
                    Location = Where(columnPath, key),
                    StrategyLocation = Where(columnPath, value),
                });
                continue;
            }
            if (value.Kind != YamlNodeKind.Mapping)
            {
                Error(diagnostics, columnPath, DiagnosticCodes.WrongShape, $"a column rule must be a strategy name or a mapping with 'strategy', not {value.Describe()}", value);
                continue;
            }
            ReadColumnMapping(key, value, columnPath, columns, diagnostics);
        }
    }

    private static void ReadColumnMapping(YamlNode key, YamlNode value, string path, List<ColumnRule> columns, DiagnosticBag diagnostics)
    {
        string? strategy = null;
        var strategyLocation = Where(path, key);
        var parameters = new Dictionary<string, ConfigScalar>(StringComparer.Ordinal);
        var ok = true;
        foreach (var (name, argument) in Pairs(value, path, diagnostics))
        {
            var argumentPath = path + "." + name.Text;
            if (argument.Kind != YamlNodeKind.Scalar)
            {
                Error(diagnostics, argumentPath, DiagnosticCodes.WrongShape, $"'{name.Text}' must be a single value, not {argument.Describe()}", argument);
                ok = false;
                continue;
            }
            if (name.Text == "strategy")
            {
                if (argument.Text.Length == 0)
                {
                    Error(diagnostics, argumentPath, DiagnosticCodes.MissingStrategy, "'strategy' is empty; name a strategy such as hash, mask, fixed or \"null\"", argument);
                    ok = false;
                    continue;
                }
                strategy = argument.Text;
                strategyLocation = Where(argumentPath, argument);
                continue;
            }
            parameters[name.Text] = new ConfigScalar(argument.Text, Where(argumentPath, argument)) { Quoted = !argument.IsPlain };
        }
        if (strategy is null)
        {
            if (ok) Error(diagnostics, path, DiagnosticCodes.MissingStrategy, "the rule has no 'strategy' key; add e.g. 'strategy: hash'", key);
            return;
        }
        columns.Add(new ColumnRule
        {
            Column = key.Text,
            Strategy = strategy,
            Parameters = parameters,
            Location = Where(path, key),
            StrategyLocation = strategyLocation,
        });
    }

    /// <summary>The pairs of a mapping with scalar, first-seen keys; reports non-scalar and duplicate keys.</summary>
    private static List<(YamlNode Key, YamlNode Value)> Pairs(YamlNode mapping, string path, DiagnosticBag diagnostics)
    {
        var result = new List<(YamlNode, YamlNode)>(mapping.Pairs.Count);
        var seen = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Pairs)
        {
            if (key.Kind != YamlNodeKind.Scalar)
            {
                Error(diagnostics, path, DiagnosticCodes.WrongShape, $"a key must be a single name, not {key.Describe()}", key);
                continue;
            }
            var keyPath = path.Length == 0 ? key.Text : path + "." + key.Text;
            if (seen.TryGetValue(key.Text, out var first))
            {
                Error(diagnostics, keyPath, DiagnosticCodes.DuplicateKey, $"duplicate key '{key.Text}' (first at line {first.Line}); keep one", key);
                continue;
            }
            seen.Add(key.Text, key);
            result.Add((key, value));
        }
        return result;
    }

    private static void UnknownKey(DiagnosticBag diagnostics, string path, string key, string[] allowed, YamlNode node)
    {
        var hint = NameSuggester.Suggest(key, allowed) is [var best, ..] ? $"did you mean '{best}'? " : string.Empty;
        Error(diagnostics, path, DiagnosticCodes.UnknownKey, $"unknown key '{key}'; {hint}expected one of: {string.Join(", ", allowed)}", node);
    }

    private static void Error(DiagnosticBag diagnostics, string path, string code, string message, YamlNode node) =>
        diagnostics.Error(path, code, message, node.Line, node.Column);

    private static SourceLocation Where(string path, YamlNode node) => new(path, node.Line, node.Column);
}
