using Obscura.Core.Schema;

namespace Obscura.Core.Tests.Support;

/// <summary>A small registry database with single, composite, chained and self-referencing foreign keys.</summary>
internal static class TestCatalog
{
    public static TableName Patient { get; } = new("registry", "patient");
    public static TableName Visit { get; } = new("registry", "visit");
    public static TableName Household { get; } = new("registry", "household");
    public static TableName Member { get; } = new("registry", "member");
    public static TableName Detail { get; } = new("registry", "patient_detail");
    public static TableName Note { get; } = new("registry", "detail_note");
    public static TableName Contact { get; } = new("registry", "contact");
    public static TableName Employee { get; } = new("hr", "employee");
    public static TableName AuditVisit { get; } = new("audit", "visit");

    public static Catalog Create() => new()
    {
        Provider = "postgres",
        Database = "registry",
        DefaultSchema = "public",
        Tables =
        [
            new Table
            {
                Name = Patient,
                Columns =
                [
                    Columns.Integer("id", 64, nullable: false),
                    Columns.Text("surname", 40),
                    Columns.Text("aadhar_no", 14),
                    Columns.Of("photo", TypeClass.Binary),
                    Columns.Text("city"),
                    Columns.Integer("age", 32, nullable: false),
                    Columns.Text("email", 100),
                    Columns.Text("Nickname", 30),
                ],
                PrimaryKey = new UniqueKey("patient_pkey", ["id"]),
                UniqueKeys = [new UniqueKey("patient_email_key", ["email"])],
                Indexes = [new TableIndex { Name = "patient_aadhar_key", Columns = ["aadhar_no"], IsUnique = true }],
            },
            new Table
            {
                Name = Visit,
                Columns = [Columns.Integer("id", 64, nullable: false), Columns.Integer("patient_id", 64), Columns.Text("notes")],
                PrimaryKey = new UniqueKey(null, ["id"]),
                ForeignKeys = [new ForeignKey { Columns = ["patient_id"], ReferencedTable = Patient, ReferencedColumns = ["id"] }],
            },
            new Table
            {
                Name = Household,
                Columns = [Columns.Text("region", 8, nullable: false), Columns.Integer("household_no", 32, nullable: false), Columns.Text("address")],
                PrimaryKey = new UniqueKey(null, ["region", "household_no"]),
            },
            new Table
            {
                Name = Member,
                Columns = [Columns.Integer("id", 64, nullable: false), Columns.Text("region", 8), Columns.Integer("household_no", 32)],
                PrimaryKey = new UniqueKey(null, ["id"]),
                ForeignKeys = [new ForeignKey { Columns = ["region", "household_no"], ReferencedTable = Household, ReferencedColumns = ["region", "household_no"] }],
            },
            new Table
            {
                Name = Detail,
                Columns = [Columns.Integer("patient_id", 64, nullable: false), Columns.Text("blood_group", 3)],
                PrimaryKey = new UniqueKey(null, ["patient_id"]),
                ForeignKeys = [new ForeignKey { Columns = ["patient_id"], ReferencedTable = Patient, ReferencedColumns = ["id"] }],
            },
            new Table
            {
                Name = Note,
                Columns = [Columns.Integer("id", 64, nullable: false), Columns.Integer("patient_id", 64)],
                PrimaryKey = new UniqueKey(null, ["id"]),
                ForeignKeys = [new ForeignKey { Columns = ["patient_id"], ReferencedTable = Detail, ReferencedColumns = ["patient_id"] }],
            },
            new Table
            {
                Name = Contact,
                Columns = [Columns.Integer("id", 64, nullable: false), Columns.Text("email", 100)],
                ForeignKeys = [new ForeignKey { Columns = ["email"], ReferencedTable = Patient, ReferencedColumns = ["email"] }],
            },
            new Table
            {
                Name = Employee,
                Columns = [Columns.Integer("id", 32, nullable: false), Columns.Integer("manager_id", 32), Columns.Text("name")],
                PrimaryKey = new UniqueKey(null, ["id"]),
                ForeignKeys = [new ForeignKey { Columns = ["manager_id"], ReferencedTable = Employee, ReferencedColumns = ["id"] }],
            },
            new Table
            {
                Name = AuditVisit,
                Columns = [Columns.Integer("id", 64, nullable: false)],
            },
        ],
    };
}
