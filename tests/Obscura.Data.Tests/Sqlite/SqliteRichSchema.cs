using Obscura.Core.Schema;

namespace Obscura.Data.Tests.Sqlite;

/// <summary>A schema with every shape the inspector must read: quoted names, composite and cyclic keys, checks, indexes.</summary>
internal static class SqliteRichSchema
{
    /// <summary>Statements that build the schema and a few rows.</summary>
    public static readonly string[] Statements =
    [
        """
        CREATE TABLE "Customer" (
          "Id" INTEGER PRIMARY KEY AUTOINCREMENT,
          "Email" VARCHAR(120) NOT NULL UNIQUE,
          "Date Of Birth" DATE,
          "order" INT CONSTRAINT "order_positive" CHECK ("order" >= 0),
          [User] NVARCHAR(40) DEFAULT 'anon',
          `Balance` DECIMAL(12, 2) DEFAULT 0 CHECK (Balance > -(1000 * (2 + 3))),
          active BOOLEAN NOT NULL DEFAULT 1,
          created TIMESTAMP DEFAULT (datetime('now')),
          profile JSON,
          photo BLOB,
          anything,
          email_domain TEXT GENERATED ALWAYS AS (substr("Email", instr("Email", '@') + 1)) VIRTUAL,
          CONSTRAINT "uq_user_dob" UNIQUE ([User], "Date Of Birth"),
          CONSTRAINT "ck_email" CHECK ("Email" LIKE '%@%' AND length("Email") > 3 /* a ) in a comment */ AND "Email" <> ')'), -- and ( here
          CHECK ("Date Of Birth" < '2100-01-01')
        )
        """,
        """
        CREATE TABLE "Order Header" (
          order_no INTEGER NOT NULL,
          region TEXT NOT NULL,
          customer_id INTEGER REFERENCES "Customer" ("Id") ON DELETE CASCADE,
          reviewer_id INTEGER CONSTRAINT fk_header_reviewer REFERENCES reviewer,
          PRIMARY KEY (region, order_no)
        )
        """,
        """
        CREATE TABLE "Order Line" (
          region TEXT NOT NULL,
          order_no INTEGER NOT NULL,
          line INTEGER NOT NULL,
          qty SMALLINT,
          price REAL,
          parent_line INTEGER,
          PRIMARY KEY (region, order_no, line),
          CONSTRAINT fk_line_header FOREIGN KEY (region, order_no) REFERENCES "Order Header" (region, order_no) ON UPDATE CASCADE,
          FOREIGN KEY (region, order_no, parent_line) REFERENCES "Order Line" (region, order_no, line)
        )
        """,
        """
        CREATE TABLE reviewer (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL,
          last_region TEXT,
          last_order_no INTEGER,
          FOREIGN KEY (last_region, last_order_no) REFERENCES "Order Header" (region, order_no) ON DELETE SET NULL
        )
        """,
        "CREATE TABLE audit_log (at TEXT, message TEXT)",
        "CREATE INDEX ix_customer_email_lower ON \"Customer\" (lower(\"Email\"))",
        "CREATE UNIQUE INDEX \"ix Order Line qty\" ON \"Order Line\" (qty, price) WHERE qty > 0",
        "CREATE INDEX ix_audit_at ON audit_log (at DESC)",
        "CREATE VIEW v_customers AS SELECT \"Id\", \"Email\" FROM \"Customer\"",
        "CREATE TRIGGER trg_audit AFTER INSERT ON \"Customer\" BEGIN INSERT INTO audit_log VALUES (datetime('now'), 'new'); END",
        "CREATE VIRTUAL TABLE notes USING fts5(body)",
        "INSERT INTO \"Customer\" (\"Email\", \"order\", [User]) VALUES ('a@example.com', 1, 'ana'), ('b@example.com', 2, 'ben')",
        "INSERT INTO reviewer (id, name) VALUES (1, 'rita')",
        "INSERT INTO \"Order Header\" VALUES (1, 'eu', 1, 1), (2, 'eu', 2, NULL)",
        "INSERT INTO \"Order Line\" VALUES ('eu', 1, 1, 3, 9.5, NULL), ('eu', 1, 2, 1, 1.25, 1)",
        "INSERT INTO notes (body) VALUES ('hello')",
    ];

    /// <summary>A stable text form of a table for structural comparison (row estimates excluded).</summary>
    public static string Describe(Table table)
    {
        var lines = new List<string> { $"table {table.Name}" };
        foreach (var c in table.Columns)
        {
            lines.Add($"  column {c.Ordinal} {c.Name} [{c.DeclaredType}] {c.TypeClass} null={c.IsNullable} default={c.Default} len={c.MaxLength} " +
                      $"p={c.Precision} s={c.Scale} bits={c.IntegerBits} unsigned={c.IsUnsigned} identity={c.IsIdentity} {c.IdentityDefinition}");
        }
        if (table.PrimaryKey is { } pk) lines.Add($"  pk {pk.Name} ({string.Join(", ", pk.Columns)})");
        foreach (var u in table.UniqueKeys) lines.Add($"  unique {u.Name} ({string.Join(", ", u.Columns)})");
        foreach (var f in table.ForeignKeys)
        {
            lines.Add($"  fk {f.Name} ({string.Join(", ", f.Columns)}) -> {f.ReferencedTable} ({string.Join(", ", f.ReferencedColumns)}) delete {f.OnDelete} update {f.OnUpdate}");
        }
        foreach (var i in table.Indexes)
        {
            lines.Add($"  index {i.Name} ({string.Join(", ", i.Columns)}) unique={i.IsUnique} expressions={i.HasExpressions} {i.Definition}");
        }
        foreach (var k in table.Checks) lines.Add($"  check {k.Name}: {k.Expression}");
        return string.Join("\n", lines);
    }
}
