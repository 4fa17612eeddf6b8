using Obscura.Core.Schema;

namespace Obscura.Data.Tests.MySql;

/// <summary>Creates <see cref="MySqlRichSchema"/> once per test class and inspects it.</summary>
public sealed class MySqlRichSchemaFixture : IAsyncLifetime
{
    private MySqlScratch? _scratch;
    private Catalog? _catalog;

    /// <summary>The database holding the schema.</summary>
    public MySqlScratch Scratch => _scratch ?? throw new InvalidOperationException("fixture not initialized");

    /// <summary>The inspected catalog.</summary>
    public Catalog Catalog => _catalog ?? throw new InvalidOperationException("fixture not initialized");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _scratch = await MySqlScratch.CreateAsync("myrich");
        await _scratch.ExecuteAsync(MySqlRichSchema.Statements);
        _catalog = await _scratch.InspectAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_scratch is not null) await _scratch.DisposeAsync();
    }
}
