using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Engine.Tests.Profiling;

/// <summary>Profiling Chinook in MariaDB (typed getters through MySqlConnector).</summary>
public sealed class MySqlProfileTests : ProfileConformanceTests
{
    private static readonly Lazy<Task<DatabaseUri>> Chinook = new(() => Datasets.LoadAsync("mysql", "chinook_profile", "chinook/Chinook_MySql.sql"));

    protected override Task<DatabaseUri> ChinookAsync() => Chinook.Value;
    protected override string Name(string pascal) => pascal;
    protected override string Binary(string quotedColumn) => "BINARY " + quotedColumn;
    protected override string? StddevSamp(string quotedColumn) => $"STDDEV_SAMP({quotedColumn})";
}
