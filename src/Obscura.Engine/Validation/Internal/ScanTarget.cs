using Obscura.Core.Schema;

namespace Obscura.Engine.Validation.Internal;

/// <summary>One target table to scan for leaks: its key columns and the text-like columns to look into.</summary>
internal sealed record ScanTarget(Table Table, IReadOnlyList<string> Keys, IReadOnlyList<Column> Columns, IReadOnlySet<string> Transformed);
