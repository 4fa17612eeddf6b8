namespace Obscura.Data.Tests.Postgres;

/// <summary>
/// A schema spread over three schemas with what real databases have: quoted names, enum, domain, identity and serial
/// columns, composite, self-referencing, cross-schema and cyclic foreign keys, a table without primary key, unique
/// constraints, plain, expression and partial indexes, checks, a partitioned table, views, a trigger, routines, a sequence.
/// </summary>
internal static class PostgresRichSchema
{
    public static readonly string[] Statements =
    [
        "CREATE SCHEMA app",
        "CREATE SCHEMA billing",
        "CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy', 'it''s complicated')",
        "CREATE DOMAIN app.email AS varchar(120) CHECK (VALUE LIKE '%@%')",
        """
        CREATE TABLE app."User" (
            id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            "Date Of Birth" date,
            email app.email NOT NULL,
            mood app.mood DEFAULT 'ok',
            moods app.mood[],
            manager_id integer REFERENCES app."User" (id) ON DELETE SET NULL,
            balance numeric(12,2) NOT NULL DEFAULT 0 CHECK (balance >= 0),
            tags text[],
            ip inet,
            created timestamptz(3) NOT NULL DEFAULT now(),
            note text,
            CONSTRAINT user_email_key UNIQUE (email)
        )
        """,
        "COMMENT ON TABLE app.\"User\" IS 'people who log in'",
        "COMMENT ON COLUMN app.\"User\".email IS 'login name'",
        """
        CREATE TABLE billing."order" (
            id bigserial PRIMARY KEY,
            "User" integer NOT NULL REFERENCES app."User" (id) ON DELETE CASCADE ON UPDATE CASCADE,
            "select" smallint,
            total numeric,
            placed date NOT NULL,
            UNIQUE (placed, "User")
        )
        """,
        """
        CREATE TABLE billing.order_line (
            order_id bigint NOT NULL REFERENCES billing."order" (id),
            line_no integer NOT NULL,
            sku varchar(40),
            qty integer CONSTRAINT qty_positive CHECK (qty > 0),
            price money,
            PRIMARY KEY (order_id, line_no)
        )
        """,
        """
        CREATE TABLE billing.shipment (
            id serial PRIMARY KEY,
            order_id bigint NOT NULL,
            line_no integer NOT NULL,
            CONSTRAINT shipment_line_fk FOREIGN KEY (line_no, order_id) REFERENCES billing.order_line (line_no, order_id) ON DELETE RESTRICT
        )
        """,
        "ALTER TABLE billing.order_line ADD UNIQUE (line_no, order_id)",
        "CREATE TABLE team (id integer PRIMARY KEY, name text NOT NULL, captain_id integer)",
        "CREATE TABLE player (id integer PRIMARY KEY, team_id integer NOT NULL REFERENCES team (id), name text)",
        "ALTER TABLE team ADD CONSTRAINT team_captain_fk FOREIGN KEY (captain_id) REFERENCES player (id)",
        "CREATE TABLE event_log (at timestamp(3), payload jsonb, during interval, CONSTRAINT at_after_2000 CHECK (at > '2000-01-01'))",
        "CREATE INDEX event_log_at_idx ON event_log (at DESC)",
        "CREATE INDEX event_log_kind_idx ON event_log ((payload ->> 'kind'))",
        "CREATE INDEX user_lower_email_idx ON app.\"User\" (lower(email))",
        "CREATE UNIQUE INDEX order_line_sku_uq ON billing.order_line (sku) WHERE sku IS NOT NULL",
        "CREATE TABLE measurement (id bigint NOT NULL, taken date NOT NULL, value double precision, PRIMARY KEY (id, taken)) PARTITION BY RANGE (taken)",
        "CREATE TABLE measurement_2024 PARTITION OF measurement FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
        "CREATE TABLE measurement_2025 PARTITION OF measurement FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
        "CREATE INDEX measurement_value_idx ON measurement (value)",
        "CREATE VIEW app.active_users AS SELECT id, email FROM app.\"User\" WHERE note IS NULL",
        "CREATE MATERIALIZED VIEW billing.order_totals AS SELECT \"User\", sum(total) AS total FROM billing.\"order\" GROUP BY \"User\"",
        "CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.note := coalesce(NEW.note, 'touched'); RETURN NEW; END $$",
        "CREATE TRIGGER user_touch BEFORE UPDATE ON app.\"User\" FOR EACH ROW EXECUTE FUNCTION app.touch()",
        "CREATE FUNCTION app.add(a integer, b integer) RETURNS integer LANGUAGE sql AS 'SELECT a + b'",
        "CREATE PROCEDURE billing.noop() LANGUAGE sql AS 'SELECT 1'",
        "CREATE AGGREGATE app.my_sum(integer) (SFUNC = int4pl, STYPE = integer)",
        "CREATE SEQUENCE billing.invoice_no START 1000 INCREMENT 5",
        "CREATE SCHEMA empty_one",
    ];

    /// <summary>A few rows in every table, cycle included (the captain is set after the player exists).</summary>
    public static readonly string[] Rows =
    [
        """
        INSERT INTO app."User" ("Date Of Birth", email, mood, moods, balance, tags, ip, note) VALUES
            ('1990-05-17', 'ana@example.com', 'happy', '{sad,ok}', 10.50, '{a,"b c"}', '10.0.0.1', NULL),
            (NULL, 'bo@example.com', 'it''s complicated', NULL, 0, NULL, '::1', 'x')
        """,
        "UPDATE app.\"User\" SET manager_id = 1 WHERE id = 2",
        "INSERT INTO billing.\"order\" (\"User\", \"select\", total, placed) VALUES (1, 1, 12345678901234567890.123456789, '2024-02-29'), (2, NULL, NULL, '2024-03-01')",
        "INSERT INTO billing.order_line VALUES (1, 1, 'SKU-1', 2, 3.50), (1, 2, NULL, 1, NULL)",
        "INSERT INTO billing.shipment (order_id, line_no) VALUES (1, 1)",
        "INSERT INTO team VALUES (1, 'Red', NULL)",
        "INSERT INTO player VALUES (10, 1, 'Kim')",
        "UPDATE team SET captain_id = 10",
        "INSERT INTO event_log VALUES ('2024-01-02 03:04:05.678', '{\"kind\": \"login\"}', '1 day 02:03:04'), (NULL, NULL, NULL)",
        "INSERT INTO measurement VALUES (1, '2024-06-01', 1.5), (2, '2025-06-01', -2.25)",
    ];
}
