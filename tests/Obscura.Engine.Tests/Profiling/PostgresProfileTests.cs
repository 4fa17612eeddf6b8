using System.Text.RegularExpressions;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Engine.Tests.Profiling;

/// <summary>Profiling Chinook in PostgreSQL (typed getters through Npgsql).</summary>
public sealed partial class PostgresProfileTests : ProfileConformanceTests
{
    private static readonly Lazy<Task<DatabaseUri>> Chinook = new(() => Datasets.LoadAsync("postgres", "chinook_profile", "chinook/Chinook_PostgreSql.sql"));

    protected override Task<DatabaseUri> ChinookAsync() => Chinook.Value;
    protected override string Name(string pascal) => Snake().Replace(pascal, "_$1").ToLowerInvariant();
    protected override string Binary(string quotedColumn) => quotedColumn + " COLLATE \"C\"";
    protected override string? StddevSamp(string quotedColumn) => $"stddev_samp({quotedColumn})";

    [GeneratedRegex("(?<=[a-z])([A-Z])")]
    private static partial Regex Snake();
}
