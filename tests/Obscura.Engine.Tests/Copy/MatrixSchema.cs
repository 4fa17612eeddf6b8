using System.Text;
using Obscura.Core.Schema;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Engine.Tests.Copy;

/// <summary>
/// The copy matrix's source schema, built in any engine from engine-neutral columns: a composite foreign key,
/// a self-reference, a cycle through a nullable column, a table without primary key, unique constraints, NULLs,
/// unicode, large text, blobs and every common type. Each table has an untransformed identity column
/// (<see cref="IdentityColumn"/>) so source and target rows can be matched after keys change.
/// </summary>
public static class MatrixSchema
{
    /// <summary>Per table, the untransformed column that identifies a row in source and target.</summary>
    public static readonly IReadOnlyDictionary<string, string> IdentityColumn = new Dictionary<string, string>
    {
        ["department"] = "name", ["employee"] = "badge", ["project"] = "title", ["assignment"] = "seq",
    };

    /// <summary>Rows per table.</summary>
    public const int Employees = 300, Departments = 6, ProjectsPerDepartment = 3, Assignments = 900;

    /// <summary>The config the matrix copies with: keys and PII hashed or masked.</summary>
    public const string Config = """
        tables:
          employee:
            columns:
              emp_id:     { strategy: hash }
              surname:    { strategy: hash }
              email:      { strategy: hash }
              first_name: { strategy: mask, keep_first: 1 }
              photo:      { strategy: "null" }
          department:
            columns:
              dept_id:    { strategy: hash }
        """;

    private static Column C(string name, TypeClass type, bool nullable = true, int? length = null, int? precision = null, int? scale = null, int? bits = null) =>
        new() { Name = name, DeclaredType = "reference", TypeClass = type, IsNullable = nullable, MaxLength = length, Precision = precision, Scale = scale, IntegerBits = bits };

    /// <summary>The tables in neutral terms, in the order they are created.</summary>
    public static IReadOnlyList<Table> Tables(string? schema)
    {
        TableName N(string n) => new(schema, n);
        return
        [
            new Table
            {
                Name = N("department"),
                Columns = [C("dept_id", TypeClass.Integer, false, bits: 32), C("name", TypeClass.Text, false, 60), C("manager_id", TypeClass.Integer, bits: 64)],
                PrimaryKey = new UniqueKey(null, ["dept_id"]),
                UniqueKeys = [new UniqueKey("uq_department_name", ["name"])],
                ForeignKeys = [new ForeignKey { Name = "fk_department_manager", Columns = ["manager_id"], ReferencedTable = N("employee"), ReferencedColumns = ["emp_id"] }],
            },
            new Table
            {
                Name = N("employee"),
                Columns =
                [
                    C("emp_id", TypeClass.Integer, false, bits: 64), C("dept_id", TypeClass.Integer, false, bits: 32), C("boss_id", TypeClass.Integer, bits: 64),
                    C("first_name", TypeClass.Text, false, 40), C("surname", TypeClass.Text, false, 40), C("email", TypeClass.Text, true, 120),
                    C("born", TypeClass.Date), C("hired_at", TypeClass.DateTime, precision: 6), C("last_login", TypeClass.DateTimeOffset, precision: 6),
                    C("salary", TypeClass.Decimal, precision: 12, scale: 2), C("rating", TypeClass.Float), C("active", TypeClass.Boolean, false),
                    C("badge", TypeClass.Uuid, false), C("profile", TypeClass.Json), C("photo", TypeClass.Binary), C("bio", TypeClass.Text),
                    C("shift_start", TypeClass.Time, precision: 6),
                ],
                PrimaryKey = new UniqueKey(null, ["emp_id"]),
                UniqueKeys = [new UniqueKey("uq_employee_email", ["email"]), new UniqueKey("uq_employee_badge", ["badge"])],
                ForeignKeys =
                [
                    new ForeignKey { Name = "fk_employee_department", Columns = ["dept_id"], ReferencedTable = N("department"), ReferencedColumns = ["dept_id"] },
                    new ForeignKey { Name = "fk_employee_boss", Columns = ["boss_id"], ReferencedTable = N("employee"), ReferencedColumns = ["emp_id"] },
                ],
                Indexes = [new TableIndex { Name = "ix_employee_surname", Columns = ["surname"] }],
            },
            new Table
            {
                Name = N("project"),
                Columns = [C("dept_id", TypeClass.Integer, false, bits: 32), C("project_no", TypeClass.Integer, false, bits: 32), C("title", TypeClass.Text, false, 200)],
                PrimaryKey = new UniqueKey(null, ["dept_id", "project_no"]),
                ForeignKeys = [new ForeignKey { Name = "fk_project_department", Columns = ["dept_id"], ReferencedTable = N("department"), ReferencedColumns = ["dept_id"] }],
            },
            new Table
            {
                // No primary key; a composite foreign key; a reserved word as a column name.
                Name = N("assignment"),
                Columns =
                [
                    C("seq", TypeClass.Integer, false, bits: 32), C("emp_id", TypeClass.Integer, false, bits: 64), C("dept_id", TypeClass.Integer, false, bits: 32),
                    C("project_no", TypeClass.Integer, false, bits: 32), C("hours", TypeClass.Decimal, precision: 6, scale: 1), C("order", TypeClass.Integer, bits: 32),
                ],
                ForeignKeys =
                [
                    new ForeignKey { Name = "fk_assignment_employee", Columns = ["emp_id"], ReferencedTable = N("employee"), ReferencedColumns = ["emp_id"] },
                    new ForeignKey { Name = "fk_assignment_project", Columns = ["dept_id", "project_no"], ReferencedTable = N("project"), ReferencedColumns = ["dept_id", "project_no"] },
                ],
            },
        ];
    }

    /// <summary>Deterministic rows per table (canonical values), in column order.</summary>
    public static IReadOnlyDictionary<string, List<object?[]>> Rows()
    {
        var random = new Random(42);
        var names = new[] { "Aarav", "Saanvi", "Zhang Wei", "José", "Zoë", "Ólafur", "अर्जुन", "李娜", "Chloé 🎉", "O'Neil" };
        var surnames = new[] { "Sharma", "Müller", "García", "Nakamura", "शर्मा", "王", "Smith", "Ødegaard", "D'Souza", "Kowalski" };
        var result = new Dictionary<string, List<object?[]>>();
        var departments = new List<object?[]>();
        for (var d = 1; d <= Departments; d++) departments.Add([(long)d * 10, $"Department {d} — विभाग {d}", (long)(d * 7)]);
        result["department"] = departments;
        var employees = new List<object?[]>();
        for (var e = 1; e <= Employees; e++)
        {
            var bio = e % 50 == 0 ? new string('é', 100_000) + " 漢字 🎉" : e % 3 == 0 ? null : $"Bio of employee {e}: {names[e % names.Length]}";
            employees.Add(
            [
                (long)e, (long)(((e - 1) % Departments) + 1) * 10, e <= 5 ? null : (long)random.Next(1, e), names[e % names.Length], surnames[(e * 7) % surnames.Length],
                e % 11 == 0 ? null : $"user{e}@example.org", new DateOnly(1950 + e % 50, 1 + e % 12, 1 + e % 28),
                new DateTime(2015, 1, 1).AddTicks(e * 864_001_234_560L),
                e % 7 == 0 ? null : new DateTimeOffset(2024, 6, 1, 8, 0, 0, TimeSpan.Zero).AddMinutes(e * 37.5),
                Math.Round((decimal)(random.NextDouble() * 200_000), 2), e % 13 == 0 ? null : random.NextDouble() * 5,
                e % 4 != 0, new Guid(e, 0, 0, [1, 2, 3, 4, 5, 6, 7, 8]),
                e % 5 == 0 ? null : $"{{\"skills\": [\"sql\", \"c#\"], \"level\": {e % 9}, \"name\": \"{names[e % names.Length].Replace("'", "", StringComparison.Ordinal)}\"}}",
                e % 10 == 0 ? Encoding.UTF8.GetBytes(new string('\u0001', 5000) + e) : null, bio,
                new TimeSpan(0, 6 + e % 12, e % 60, 0, 0),
            ]);
        }
        result["employee"] = employees;
        var projects = new List<object?[]>();
        for (var d = 1; d <= Departments; d++)
            for (var p = 1; p <= ProjectsPerDepartment; p++)
                projects.Add([(long)d * 10, (long)p, $"Project {d}-{p} 项目"]);
        result["project"] = projects;
        var assignments = new List<object?[]>();
        for (var a = 1; a <= Assignments; a++)
        {
            var project = projects[random.Next(projects.Count)];
            assignments.Add([(long)a, (long)random.Next(1, Employees + 1), project[0], project[1], a % 9 == 0 ? null : Math.Round((decimal)(random.NextDouble() * 40), 1), (long)(a % 5)]);
        }
        result["assignment"] = assignments;
        return result;
    }

    /// <summary>Creates the schema with its constraints in a fresh database of <paramref name="provider"/> and loads the rows.</summary>
    public static async Task<DatabaseUri> CreateSourceAsync(string provider)
    {
        var uri = await TestDatabases.CreateAsync(provider, "matrix_src");
        var p = TestDatabases.Registry.Resolve(uri);
        var warnings = new List<string>();
        var tables = Tables(p.Dialect.DefaultSchema).Select(t => t with { Columns = t.Columns.Select(c => p.Dialect.MapColumn(c, "reference", warnings)).ToList() }).ToList();
        var rows = Rows();
        await using var ds = p.CreateDataSource(uri);
        await using var conn = await p.OpenAsync(ds, uri, CancellationToken.None);
        await p.PrepareForLoadAsync(conn, CancellationToken.None);
        var ddl = tables.Select(t => p.Dialect.BuildTableDdl(t, false, warnings)).ToList();
        foreach (var d in ddl) await Execute(conn, d.Create);
        var writer = p.CreateBulkWriter();
        foreach (var t in tables)
        {
            using var reader = new RowSourceReader(t.Columns, rows[t.Name.Name]);
            await writer.WriteAsync(conn, t, reader, null, CancellationToken.None);
        }
        foreach (var sql in ddl.SelectMany(d => d.ConcurrentIndexes).Concat(ddl.SelectMany(d => d.AfterLoad)).Concat(ddl.SelectMany(d => d.ForeignKeys)).Concat(ddl.SelectMany(d => d.Finish)))
            await Execute(conn, sql);
        return uri;
    }

    private static async Task Execute(System.Data.Common.DbConnection conn, string sql)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }
}
