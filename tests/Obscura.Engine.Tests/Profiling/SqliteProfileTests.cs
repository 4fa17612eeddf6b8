using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Engine.Tests.Profiling;

/// <summary>Profiling Chinook in SQLite (values read as objects: SQLite types each value on its own).</summary>
public sealed class SqliteProfileTests : ProfileConformanceTests
{
    private static readonly Lazy<Task<DatabaseUri>> Chinook = new(() => Datasets.LoadAsync("sqlite", "chinook_profile", "chinook/Chinook_Sqlite.sql"));

    protected override Task<DatabaseUri> ChinookAsync() => Chinook.Value;
    protected override string Name(string pascal) => pascal;
    protected override string Binary(string quotedColumn) => quotedColumn;
    protected override string? StddevSamp(string quotedColumn) => null;
}
