using System.Globalization;
using System.Text;
using Npgsql;
using Obscura.Core.Schema;

namespace Obscura.Data.Postgres.Internal;

/// <summary>Reads a <see cref="Catalog"/> from <c>pg_catalog</c> with one batch of set-based queries.</summary>
internal static class PostgresInspector
{
    /// <summary>Inspects every user schema of the connected database.</summary>
    public static async Task<Catalog> InspectAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var batch = new NpgsqlBatch(connection);
        await using (batch.ConfigureAwait(false))
        {
            foreach (var sql in new[]
                     {
                         PostgresCatalogSql.Server, PostgresCatalogSql.Schemas, PostgresCatalogSql.Tables, PostgresCatalogSql.Columns,
                         PostgresCatalogSql.Constraints, PostgresCatalogSql.Indexes, PostgresCatalogSql.Views,
                         PostgresCatalogSql.Triggers, PostgresCatalogSql.Routines, PostgresCatalogSql.Sequences,
                     })
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand(sql));
            }
            batch.Timeout = 0;

            var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var state = new InspectionState();
                await ReadServerAsync(reader, state, cancellationToken).ConfigureAwait(false);
                await NextAsync(reader, cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) state.Schemas.Add(reader.GetString(0));
                await NextAsync(reader, cancellationToken).ConfigureAwait(false);
                await ReadTablesAsync(reader, state, cancellationToken).ConfigureAwait(false);
                await NextAsync(reader, cancellationToken).ConfigureAwait(false);
                await ReadColumnsAsync(reader, state, cancellationToken).ConfigureAwait(false);
                await NextAsync(reader, cancellationToken).ConfigureAwait(false);
                await ReadConstraintsAsync(reader, state, cancellationToken).ConfigureAwait(false);
                await NextAsync(reader, cancellationToken).ConfigureAwait(false);
                await ReadIndexesAsync(reader, state, cancellationToken).ConfigureAwait(false);
                await NextAsync(reader, cancellationToken).ConfigureAwait(false);
                var views = await ReadViewsAsync(reader, cancellationToken).ConfigureAwait(false);
                await NextAsync(reader, cancellationToken).ConfigureAwait(false);
                var triggers = await ReadTriggersAsync(reader, cancellationToken).ConfigureAwait(false);
                await NextAsync(reader, cancellationToken).ConfigureAwait(false);
                var routines = await ReadRoutinesAsync(reader, cancellationToken).ConfigureAwait(false);
                await NextAsync(reader, cancellationToken).ConfigureAwait(false);
                var sequences = await ReadSequencesAsync(reader, cancellationToken).ConfigureAwait(false);

                return new Catalog
                {
                    Provider = PostgresProvider.ProviderName,
                    ServerVersion = state.ServerVersion,
                    Database = state.Database,
                    DefaultSchema = state.DefaultSchema,
                    Schemas = state.Schemas,
                    Tables = state.Tables.Values.Select(t => t.Build()).ToList(),
                    Views = views,
                    Triggers = triggers,
                    Routines = routines,
                    Sequences = sequences,
                };
            }
        }
    }

    private static async Task NextAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        if (!await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
            throw new InvalidOperationException("the catalog batch returned fewer result sets than queries");
    }

    private static async Task ReadServerAsync(NpgsqlDataReader reader, InspectionState state, CancellationToken cancellationToken)
    {
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return;
        state.ServerVersion = reader.GetString(0);
        state.Database = reader.GetString(1);
        state.DefaultSchema = reader.IsDBNull(2) ? "public" : reader.GetString(2);
    }

    private static async Task ReadTablesAsync(NpgsqlDataReader reader, InspectionState state, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var estimate = reader.GetDouble(3);
            state.Tables.Add(reader.GetInt64(0), new TableBuilder(new TableName(reader.GetString(1), reader.GetString(2)))
            {
                RowEstimate = estimate < 0 ? -1 : (long)Math.Round(estimate),
                Comment = NullableString(reader, 4),
            });
        }
    }

    private static async Task ReadColumnsAsync(NpgsqlDataReader reader, InspectionState state, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!state.Tables.TryGetValue(reader.GetInt64(0), out var table)) continue;
            var name = reader.GetString(1);
            var declared = reader.GetString(2);
            var typeName = reader.GetString(3);
            var typeSchema = reader.GetString(4);
            var typeType = reader.GetString(5)[0];
            var typeCategory = reader.GetString(6)[0];
            var typmod = reader.GetInt32(7);
            var labels = reader.IsDBNull(8) ? null : reader.GetFieldValue<string[]>(8);
            var notNull = reader.GetBoolean(9);
            var defaultSql = NullableString(reader, 10);
            var identity = reader.GetString(11);
            var comment = NullableString(reader, 17);

            var (typeClass, bits) = PostgresTypeNames.Classify(typeName, typeSchema, typeType, typeCategory);
            var (maxLength, precision, scale) = Modifiers(typeName, typeCategory, typmod);
            var isSerial = defaultSql is not null && typeClass == TypeClass.Integer
                && defaultSql.StartsWith("nextval(", StringComparison.OrdinalIgnoreCase);
            if (identity.Length > 0)
            {
                defaultSql = IdentityClause(identity[0], bits ?? 64,
                    reader.IsDBNull(12) ? null : new SequenceOptions(
                        reader.GetInt64(12), reader.GetInt64(13), reader.GetInt64(14), reader.GetInt64(15), reader.GetBoolean(16)));
            }

            table.Columns.Add(new Column
            {
                Name = name,
                Ordinal = table.Columns.Count + 1,
                DeclaredType = declared,
                TypeClass = typeClass,
                IsNullable = !notNull,
                Default = defaultSql,
                MaxLength = maxLength,
                Precision = precision,
                Scale = scale,
                IntegerBits = bits,
                IsIdentity = identity.Length > 0 || isSerial,
                EnumValues = labels,
                Comment = comment,
            });
        }
    }

    private static async Task ReadConstraintsAsync(NpgsqlDataReader reader, InspectionState state, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!state.Tables.TryGetValue(reader.GetInt64(0), out var table)) continue;
            var kind = reader.GetString(1);
            var name = reader.GetString(2);
            var columns = reader.GetFieldValue<string[]>(3);
            switch (kind)
            {
                case "p":
                    table.PrimaryKey = new UniqueKey(name, columns);
                    break;
                case "u":
                    table.UniqueKeys.Add(new UniqueKey(name, columns));
                    break;
                case "f":
                    table.ForeignKeys.Add(new ForeignKey
                    {
                        Name = name,
                        Columns = columns,
                        ReferencedTable = new TableName(reader.GetString(4), reader.GetString(5)),
                        ReferencedColumns = reader.GetFieldValue<string[]>(6),
                        OnDelete = Action(reader.GetString(7)),
                        OnUpdate = Action(reader.GetString(8)),
                    });
                    break;
                case "c":
                    table.Checks.Add(new CheckConstraint(name, reader.GetString(9)));
                    break;
            }
        }
    }

    private static async Task ReadIndexesAsync(NpgsqlDataReader reader, InspectionState state, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!state.Tables.TryGetValue(reader.GetInt64(0), out var table)) continue;
            table.Indexes.Add(new TableIndex
            {
                Name = reader.GetString(1),
                IsUnique = reader.GetBoolean(2),
                Definition = reader.GetString(3),
                HasExpressions = reader.GetBoolean(4),
                Columns = reader.GetFieldValue<string[]>(5),
            });
        }
    }

    private static async Task<List<DatabaseObject>> ReadViewsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var views = new List<DatabaseObject>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var name = new TableName(reader.GetString(0), reader.GetString(1));
            var materialized = reader.GetString(2) == "m";
            var body = reader.GetString(3).Trim().TrimEnd(';').TrimEnd();
            var options = reader.IsDBNull(4) ? [] : reader.GetFieldValue<string[]>(4);
            var sql = new StringBuilder(materialized ? "CREATE MATERIALIZED VIEW " : "CREATE VIEW ");
            sql.Append(PostgresDialect.QuoteIdentifier(name.Schema!)).Append('.').Append(PostgresDialect.QuoteIdentifier(name.Name));
            if (options.Length > 0) sql.Append(" WITH (").AppendJoin(", ", options).Append(')');
            sql.Append(" AS\n").Append(body);
            views.Add(new DatabaseObject { Name = name, Kind = materialized ? "materialized_view" : "view", Definition = sql.ToString() });
        }
        return views;
    }

    private static async Task<List<DatabaseObject>> ReadTriggersAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var triggers = new List<DatabaseObject>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var schema = reader.GetString(0);
            triggers.Add(new DatabaseObject
            {
                Name = new TableName(schema, reader.GetString(2)),
                Kind = "trigger",
                Table = new TableName(schema, reader.GetString(1)),
                Definition = reader.GetString(3),
            });
        }
        return triggers;
    }

    private static async Task<List<DatabaseObject>> ReadRoutinesAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var routines = new List<DatabaseObject>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            routines.Add(new DatabaseObject
            {
                Name = new TableName(reader.GetString(0), reader.GetString(1)),
                Kind = reader.GetString(2) == "p" ? "procedure" : "function",
                Definition = NullableString(reader, 3),
            });
        }
        return routines;
    }

    private static async Task<List<DatabaseObject>> ReadSequencesAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var sequences = new List<DatabaseObject>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var name = new TableName(reader.GetString(0), reader.GetString(1));
            var qualified = PostgresDialect.QuoteIdentifier(name.Schema!) + "." + PostgresDialect.QuoteIdentifier(name.Name);
            var sql = string.Create(CultureInfo.InvariantCulture,
                $"CREATE SEQUENCE {qualified} AS {reader.GetString(2)} INCREMENT BY {reader.GetInt64(4)} MINVALUE {reader.GetInt64(5)} MAXVALUE {reader.GetInt64(6)} START WITH {reader.GetInt64(3)} CACHE {reader.GetInt64(7)}{(reader.GetBoolean(8) ? " CYCLE" : " NO CYCLE")}");
            if (!reader.IsDBNull(9))
            {
                sql += string.Create(CultureInfo.InvariantCulture,
                    $";\nSELECT pg_catalog.setval('{qualified.Replace("'", "''", StringComparison.Ordinal)}', {reader.GetInt64(9)}, true)");
            }
            sequences.Add(new DatabaseObject { Name = name, Kind = "sequence", Definition = sql });
        }
        return sequences;
    }

    /// <summary>Length, precision and scale from a type modifier (<c>atttypmod</c>) of the base type.</summary>
    private static (int? MaxLength, int? Precision, int? Scale) Modifiers(string typeName, char typeCategory, int typmod)
    {
        if (typmod < 0 || typeCategory == 'A') return (null, null, null);
        return typeName switch
        {
            "varchar" or "bpchar" => (typmod - 4, null, null),
            // numeric typmod: ((precision << 16) | scale) + 4; scale is a signed 11-bit field since PostgreSQL 15.
            "numeric" => (null, ((typmod - 4) >> 16) & 0xFFFF, SignExtendScale((typmod - 4) & 0x7FF)),
            "timestamp" or "timestamptz" or "time" or "timetz" => (null, typmod, null),
            "bit" or "varbit" => (typmod, null, null),
            _ => (null, null, null),
        };
    }

    private static int SignExtendScale(int scale) => scale > 1000 ? scale - 2048 : scale;

    private static string IdentityClause(char kind, int bits, SequenceOptions? sequence)
    {
        var clause = kind == 'a' ? "GENERATED ALWAYS AS IDENTITY" : "GENERATED BY DEFAULT AS IDENTITY";
        if (sequence is not { } s) return clause;
        var typeMax = bits switch { 16 => short.MaxValue, 32 => int.MaxValue, _ => long.MaxValue };
        var typeMin = bits switch { 16 => short.MinValue, 32 => int.MinValue, _ => long.MinValue };
        var ascending = s.Increment > 0;
        var options = new List<string>();
        if (s.Start != (ascending ? s.Min : s.Max)) options.Add(FormattableString.Invariant($"START WITH {s.Start}"));
        if (s.Increment != 1) options.Add(FormattableString.Invariant($"INCREMENT BY {s.Increment}"));
        if (s.Min != (ascending ? 1 : typeMin)) options.Add(FormattableString.Invariant($"MINVALUE {s.Min}"));
        if (s.Max != (ascending ? typeMax : -1)) options.Add(FormattableString.Invariant($"MAXVALUE {s.Max}"));
        if (s.Cycle) options.Add("CYCLE");
        return options.Count == 0 ? clause : clause + " (" + string.Join(' ', options) + ")";
    }

    private static string Action(string code) => code switch
    {
        "r" => "RESTRICT",
        "c" => "CASCADE",
        "n" => "SET NULL",
        "d" => "SET DEFAULT",
        _ => "NO ACTION",
    };

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private readonly record struct SequenceOptions(long Start, long Increment, long Min, long Max, bool Cycle);

    private sealed class InspectionState
    {
        public string? ServerVersion { get; set; }
        public string Database { get; set; } = string.Empty;
        public string DefaultSchema { get; set; } = "public";
        public List<string> Schemas { get; } = [];
        public Dictionary<long, TableBuilder> Tables { get; } = [];
    }

    private sealed class TableBuilder(TableName name)
    {
        public List<Column> Columns { get; } = [];
        public UniqueKey? PrimaryKey { get; set; }
        public List<UniqueKey> UniqueKeys { get; } = [];
        public List<ForeignKey> ForeignKeys { get; } = [];
        public List<TableIndex> Indexes { get; } = [];
        public List<CheckConstraint> Checks { get; } = [];
        public long RowEstimate { get; init; } = -1;
        public string? Comment { get; init; }

        public Table Build() => new()
        {
            Name = name,
            Columns = Columns,
            PrimaryKey = PrimaryKey,
            UniqueKeys = UniqueKeys,
            ForeignKeys = ForeignKeys,
            Indexes = Indexes,
            Checks = Checks,
            RowEstimate = RowEstimate,
            Comment = Comment,
        };
    }
}
