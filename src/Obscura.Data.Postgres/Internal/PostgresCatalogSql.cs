namespace Obscura.Data.Postgres.Internal;

/// <summary>
/// The set-based catalog queries the inspector sends in one batch. Each returns every row of its kind for
/// all user schemas at once (never one query per table). Requires PostgreSQL 12 or later.
/// </summary>
internal static class PostgresCatalogSql
{
    /// <summary>A predicate on namespace alias <c>n</c>: a user schema (not system, temporary, toast or extension-owned).</summary>
    private const string UserSchema = """
        n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
        AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                        WHERE d.classid = 'pg_catalog.pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e')
        """;

    /// <summary>A predicate on relation alias <c>c</c>: not owned by an extension.</summary>
    private const string NotExtensionRelation = """
        NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                    WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
        """;

    /// <summary>The inspected tables: plain and partitioned, never partitions (reading the parent returns their rows).</summary>
    private const string TablesCte = $"""
        tbl AS (
            SELECT c.oid, n.nspname, c.relname, c.relkind
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND {UserSchema} AND {NotExtensionRelation}
        )
        """;

    /// <summary>server_version, current_database(), current_schema().</summary>
    public const string Server = """
        SELECT pg_catalog.current_setting('server_version'), pg_catalog.current_database(), pg_catalog.current_schema()
        """;

    /// <summary>User schema names.</summary>
    public const string Schemas = $"""
        SELECT n.nspname FROM pg_catalog.pg_namespace n WHERE {UserSchema} ORDER BY n.nspname
        """;

    /// <summary>oid, schema, name, row estimate (-1 when never analyzed), comment.</summary>
    public const string Tables = $"""
        WITH {TablesCte}
        SELECT t.oid::bigint, t.nspname, t.relname,
               CASE WHEN t.relkind = 'p' THEN
                   COALESCE((SELECT CASE WHEN bool_and(p.reltuples < 0) THEN -1 ELSE sum(greatest(p.reltuples, 0)) END
                             FROM pg_catalog.pg_partition_tree(t.oid) pt JOIN pg_catalog.pg_class p ON p.oid = pt.relid
                             WHERE pt.isleaf AND p.relkind = 'r'), -1)
                    ELSE c.reltuples END::float8,
               pg_catalog.obj_description(t.oid, 'pg_class')
        FROM tbl t JOIN pg_catalog.pg_class c ON c.oid = t.oid
        ORDER BY t.nspname, t.relname
        """;

    /// <summary>
    /// One row per column: table oid, name, declared type, base type facts (domains resolved to their base type),
    /// enum labels, nullability, default, identity and generated flags, identity sequence options, comment.
    /// </summary>
    public const string Columns = $"""
        WITH RECURSIVE {TablesCte},
        dom(typid, base, typmod) AS (
            SELECT ty.oid, ty.typbasetype, ty.typtypmod FROM pg_catalog.pg_type ty WHERE ty.typtype = 'd'
            UNION ALL
            SELECT d.typid, b.typbasetype, CASE WHEN d.typmod >= 0 THEN d.typmod ELSE b.typtypmod END
            FROM dom d JOIN pg_catalog.pg_type b ON b.oid = d.base WHERE b.typtype = 'd'
        ),
        dombase AS (
            SELECT d.typid, d.base, d.typmod FROM dom d JOIN pg_catalog.pg_type b ON b.oid = d.base WHERE b.typtype <> 'd'
        ),
        col AS (
            SELECT a.attrelid, a.attnum, a.attname, a.attnotnull, a.attidentity, a.attgenerated, a.atttypid, a.atttypmod,
                   COALESCE(db.base, a.atttypid) AS et,
                   CASE WHEN db.base IS NULL THEN a.atttypmod ELSE db.typmod END AS em
            FROM tbl t
            JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
            LEFT JOIN dombase db ON db.typid = a.atttypid
        )
        SELECT c.attrelid::bigint, c.attname,
               CASE WHEN bt.typtype = 'e' OR el.typtype = 'e' THEN
                        CASE WHEN etn.nspname = 'public' THEN pg_catalog.quote_ident(et.typname)
                             ELSE pg_catalog.quote_ident(etn.nspname) || '.' || pg_catalog.quote_ident(et.typname) END
                        || CASE WHEN el.typtype = 'e' THEN '[]' ELSE '' END
                    ELSE pg_catalog.format_type(c.et, c.em) END AS declared,
               bt.typname, btn.nspname, bt.typtype::text, bt.typcategory::text, c.em,
               (SELECT pg_catalog.array_agg(e.enumlabel::text ORDER BY e.enumsortorder)
                FROM pg_catalog.pg_enum e WHERE e.enumtypid = et.oid AND et.typtype = 'e') AS labels,
               c.attnotnull,
               CASE WHEN c.attgenerated = '' THEN pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END AS dflt,
               c.attidentity::text,
               s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcycle,
               pg_catalog.col_description(c.attrelid, c.attnum)
        FROM col c
        JOIN pg_catalog.pg_type bt ON bt.oid = c.et
        JOIN pg_catalog.pg_namespace btn ON btn.oid = bt.typnamespace
        LEFT JOIN pg_catalog.pg_type el ON el.oid = bt.typelem AND bt.typcategory = 'A'
        JOIN pg_catalog.pg_type et ON et.oid = CASE WHEN el.typtype = 'e' THEN el.oid ELSE bt.oid END
        JOIN pg_catalog.pg_namespace etn ON etn.oid = et.typnamespace
        LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = c.attrelid AND ad.adnum = c.attnum
        LEFT JOIN pg_catalog.pg_depend sd ON c.attidentity <> '' AND sd.classid = 'pg_catalog.pg_class'::regclass
             AND sd.refclassid = 'pg_catalog.pg_class'::regclass AND sd.refobjid = c.attrelid AND sd.refobjsubid = c.attnum AND sd.deptype = 'i'
        LEFT JOIN pg_catalog.pg_sequence s ON s.seqrelid = sd.objid
        ORDER BY c.attrelid, c.attnum
        """;

    /// <summary>Primary keys, unique constraints, foreign keys and checks, with column names in constraint order.</summary>
    public const string Constraints = $"""
        WITH {TablesCte}
        SELECT co.conrelid::bigint, co.contype::text, co.conname,
               ARRAY(SELECT a.attname::text FROM pg_catalog.unnest(co.conkey) WITH ORDINALITY k(num, ord)
                     JOIN pg_catalog.pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = k.num ORDER BY k.ord),
               fn.nspname, fc.relname,
               ARRAY(SELECT a.attname::text FROM pg_catalog.unnest(co.confkey) WITH ORDINALITY k(num, ord)
                     JOIN pg_catalog.pg_attribute a ON a.attrelid = co.confrelid AND a.attnum = k.num ORDER BY k.ord),
               co.confdeltype::text, co.confupdtype::text,
               CASE WHEN co.contype = 'c' THEN pg_catalog.pg_get_expr(co.conbin, co.conrelid) END
        FROM pg_catalog.pg_constraint co
        JOIN tbl t ON t.oid = co.conrelid
        LEFT JOIN pg_catalog.pg_class fc ON fc.oid = co.confrelid
        LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
        WHERE co.contype IN ('p', 'u', 'f', 'c') AND co.conparentid = 0
        ORDER BY co.conrelid, co.contype, co.conname
        """;

    /// <summary>Indexes that do not back a primary key, unique or exclusion constraint.</summary>
    public const string Indexes = $"""
        WITH {TablesCte}
        SELECT i.indrelid::bigint, ic.relname, i.indisunique, pg_catalog.pg_get_indexdef(i.indexrelid),
               (i.indexprs IS NOT NULL OR i.indpred IS NOT NULL),
               ARRAY(SELECT a.attname::text FROM pg_catalog.unnest(i.indkey::int2[]) WITH ORDINALITY k(num, ord)
                     JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.num
                     WHERE k.ord <= i.indnkeyatts ORDER BY k.ord)
        FROM pg_catalog.pg_index i
        JOIN tbl t ON t.oid = i.indrelid
        JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
        WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint co
                          WHERE co.conindid = i.indexrelid AND co.contype IN ('p', 'u', 'x'))
        ORDER BY i.indrelid, ic.relname
        """;

    /// <summary>Views and materialized views.</summary>
    public const string Views = $"""
        SELECT n.nspname, c.relname, c.relkind::text, pg_catalog.pg_get_viewdef(c.oid, true), c.reloptions::text[]
        FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('v', 'm') AND {UserSchema} AND {NotExtensionRelation}
        ORDER BY n.nspname, c.relname
        """;

    /// <summary>User triggers (not constraint triggers the engine creates, not clones on partitions).</summary>
    public const string Triggers = $"""
        SELECT n.nspname, c.relname, tg.tgname, pg_catalog.pg_get_triggerdef(tg.oid)
        FROM pg_catalog.pg_trigger tg
        JOIN pg_catalog.pg_class c ON c.oid = tg.tgrelid
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE NOT tg.tgisinternal AND NOT c.relispartition AND {UserSchema} AND {NotExtensionRelation}
        ORDER BY n.nspname, c.relname, tg.tgname
        """;

    /// <summary>Functions and procedures (not aggregates, window functions, internal-language or extension-owned ones).</summary>
    public const string Routines = $"""
        SELECT n.nspname, p.proname, p.prokind::text, pg_catalog.pg_get_functiondef(p.oid)
        FROM pg_catalog.pg_proc p
        JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
        JOIN pg_catalog.pg_language l ON l.oid = p.prolang
        WHERE p.prokind IN ('f', 'p') AND l.lanname <> 'internal' AND {UserSchema}
          AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                          WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
        ORDER BY n.nspname, p.proname, p.oid
        """;

    /// <summary>Sequences that no column owns (serial and identity sequences are recreated with their column).</summary>
    public const string Sequences = $"""
        SELECT n.nspname, c.relname, pg_catalog.format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement,
               s.seqmin, s.seqmax, s.seqcache, s.seqcycle, ps.last_value
        FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_catalog.pg_sequence s ON s.seqrelid = c.oid
        LEFT JOIN pg_catalog.pg_sequences ps ON ps.schemaname = n.nspname AND ps.sequencename = c.relname
        WHERE c.relkind = 'S' AND {UserSchema} AND {NotExtensionRelation}
          AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                          WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid
                            AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i'))
        ORDER BY n.nspname, c.relname
        """;
}
