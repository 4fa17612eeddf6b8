using Obscura.Core.Config;
using Obscura.Core.Crypto;

namespace Obscura.Engine.Preview;

/// <summary>What <see cref="PreviewService"/> shows: a few rows of one table, masked by a config and/or the scan's draft.</summary>
public sealed record PreviewOptions
{
    /// <summary>The table (<c>schema.table</c> or <c>table</c>).</summary>
    public required string Table { get; init; }
    /// <summary>Rows to show (at least 1).</summary>
    public int Limit { get; init; } = 20;
    /// <summary>The masking of an operation (its <c>obscura.yaml</c>); null: none, only the draft (see <see cref="MaskUnmaskedPii"/>).</summary>
    public ObscuraConfig? Config { get; init; }
    /// <summary>
    /// Personal-data columns (found by the scan) that <see cref="Config"/> leaves in clear get the scan's drafted strategy;
    /// those with no drafted strategy are withheld (null). False: they are shown as the config leaves them.
    /// </summary>
    public bool MaskUnmaskedPii { get; init; } = true;
    /// <summary>The run secret for keyed strategies (a preview with the operation's secret shows what the copy will write).</summary>
    public RunSecret? Secret { get; init; }
    /// <summary>Rows the scan samples to find personal data.</summary>
    public int ScanSampleSize { get; init; } = 1000;
}
