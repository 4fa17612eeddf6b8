namespace Obscura.Core.Strategies.Internal;

/// <summary>What <c>date_shift</c> does after shifting (the <c>truncate</c> parameter).</summary>
internal enum DateShiftTruncation
{
    /// <summary>Keep the shifted value as it is.</summary>
    None,
    /// <summary>First day of the shifted value's month, at midnight.</summary>
    Month,
    /// <summary>First day of the shifted value's year, at midnight.</summary>
    Year,
}
