using System.Collections.Frozen;
using Obscura.Core.Config;
using Obscura.Core.Diagnostics;
using Obscura.Core.Discovery.Detection;
using Obscura.Core.Schema;

namespace Obscura.Engine.Sampling.Internal;

/// <summary>
/// The risk rule for one table, resolved against its columns: a weight per filled PII column plus, per numeric column, a
/// weight times how many robust standard deviations the value lies above the median. From <c>sample: risk:</c> in the
/// config, or by default the scan's name classifier (PII) and amount-like column names (weight 1).
/// </summary>
internal sealed record RiskModel(IReadOnlyList<string> PiiColumns, double PiiWeight, IReadOnlyList<(string Column, double Weight)> Weights, bool FromConfig)
{
    private static readonly FrozenSet<string> AmountWords = new[]
    {
        "amount", "amt", "price", "total", "balance", "salary", "income", "revenue", "cost", "payment", "credit", "limit", "fee", "wage", "value",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Resolves the config's rule for <paramref name="table"/> (or the default); unknown or unusable columns are errors with their YAML line.</summary>
    public static RiskModel Resolve(ObscuraConfig config, Catalog catalog, Table table, IReadOnlyList<Column> key, DiagnosticBag diagnostics)
    {
        var rule = config.SampleRisk.FirstOrDefault(r => catalog.FindTable(r.Table) == table);
        var keyNames = key.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        List<string> pii;
        if (rule?.PiiColumns is { } named)
        {
            pii = [];
            foreach (var scalar in named)
            {
                if (table.FindColumn(scalar.Text) is { } column) pii.Add(column.Name);
                else diagnostics.Error(scalar.Location.Path, DiagnosticCodes.SampleUnknownColumn, $"sample.risk.{rule.Table}.pii names column '{scalar.Text}', which {table.Name} does not have", scalar.Location.Line);
            }
        }
        else
        {
            pii = table.Columns.Where(c => !keyNames.Contains(c.Name) && IsPii(table, c)).Select(c => c.Name).ToList();
        }
        var weights = new List<(string, double)>();
        if (rule?.Weights is { } configured)
        {
            foreach (var w in configured)
            {
                var column = table.FindColumn(w.Column);
                if (column is null)
                    diagnostics.Error(w.Location.Path, DiagnosticCodes.SampleUnknownColumn, $"sample.risk.{rule.Table}.weights names column '{w.Column}', which {table.Name} does not have", w.Location.Line);
                else if (column.TypeClass is not (TypeClass.Integer or TypeClass.Decimal or TypeClass.Float))
                    diagnostics.Error(w.Location.Path, DiagnosticCodes.SampleUnknownColumn, $"sample.risk.{rule.Table}.weights: column '{w.Column}' is not numeric; weights apply to numbers", w.Location.Line);
                else
                    weights.Add((column.Name, w.Weight));
            }
        }
        else
        {
            foreach (var c in table.Columns)
            {
                if (keyNames.Contains(c.Name) || table.IsForeignKeyColumn(c.Name) || c.TypeClass is not (TypeClass.Decimal or TypeClass.Float or TypeClass.Integer)) continue;
                if (IdentifierTokenizer.Tokenize(c.Name).Any(AmountWords.Contains)) weights.Add((c.Name, 1.0));
            }
        }
        return new RiskModel(pii, rule?.PiiWeight ?? 1, weights, rule is not null);
    }

    /// <summary>Whether the scan's classifier calls the column personal data from its name (and comment) alone.</summary>
    private static bool IsPii(Table table, Column column)
    {
        var context = new ColumnContext { TableName = table.Name.Name, Column = column, TableComment = table.Comment };
        return ColumnClassifier.Classify(context, ValueEvidence.Empty).Kind is not null;
    }
}
