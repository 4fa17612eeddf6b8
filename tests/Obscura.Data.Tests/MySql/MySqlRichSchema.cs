namespace Obscura.Data.Tests.MySql;

/// <summary>A schema with most of what MariaDB can declare, for the inspector and the same-engine DDL round trip.</summary>
public static class MySqlRichSchema
{
    /// <summary>The statements, in order.</summary>
    public static readonly string[] Statements =
    [
        """
        CREATE TABLE `User` (
          id int unsigned NOT NULL AUTO_INCREMENT,
          email varchar(120) NOT NULL,
          `Date Of Birth` date NULL,
          nickname varchar(40) CHARACTER SET latin1 COLLATE latin1_swedish_ci NULL DEFAULT 'x''y',
          active tinyint(1) NOT NULL DEFAULT 1,
          flagged bit(1) NULL DEFAULT b'1',
          mask bit(5) NULL,
          status enum('new','active','it''s done') NOT NULL DEFAULT 'new',
          tags set('a','b','c') NULL,
          profile json NULL,
          created timestamp(3) NOT NULL DEFAULT current_timestamp(3),
          updated datetime NULL ON UPDATE current_timestamp(),
          score decimal(10,2) NULL DEFAULT (1 + 2),
          ratio double NULL,
          tiny tinyint NULL,
          small smallint unsigned NULL,
          medium mediumint NULL,
          big bigint unsigned NULL,
          born year NULL,
          wake time(3) NULL,
          avatar blob NULL,
          token binary(16) NULL,
          uid uuid NULL,
          ip inet6 NULL,
          home point NULL,
          area geometry NOT NULL,
          bio text NULL COMMENT 'about ''me''',
          shout varchar(130) GENERATED ALWAYS AS (concat(email, '!')) VIRTUAL,
          PRIMARY KEY (id),
          UNIQUE KEY uk_email (email),
          KEY ix_bio (bio(20)),
          KEY ix_multi (nickname, `Date Of Birth` DESC),
          SPATIAL KEY sp_area (area),
          CONSTRAINT chk_ratio CHECK (ratio >= 0),
          CHECK (small < 1000)
        ) COMMENT 'people'
        """,
        """
        CREATE TABLE `order` (
          `order` int unsigned NOT NULL,
          line int NOT NULL,
          user_id int unsigned NULL,
          parent_order int unsigned NULL,
          parent_line int NULL,
          `select` varchar(10) NULL,
          `we``ird` int NULL,
          PRIMARY KEY (`order`, line),
          UNIQUE KEY uk_pair (user_id, `select`),
          CONSTRAINT fk_order_user FOREIGN KEY (user_id) REFERENCES `User` (id) ON DELETE SET NULL ON UPDATE CASCADE,
          CONSTRAINT fk_order_parent FOREIGN KEY (parent_order, parent_line) REFERENCES `order` (`order`, line)
        )
        """,
        "CREATE TABLE team (id int NOT NULL PRIMARY KEY, name varchar(30) NOT NULL, captain_id int NULL)",
        "CREATE TABLE player (id int NOT NULL PRIMARY KEY, team_id int NOT NULL, CONSTRAINT fk_player_team FOREIGN KEY (team_id) REFERENCES team (id))",
        "ALTER TABLE team ADD CONSTRAINT fk_team_captain FOREIGN KEY (captain_id) REFERENCES player (id)",
        "CREATE TABLE audit_log (at datetime(6) NOT NULL, message text NULL)",
        "CREATE VIEW active_users AS SELECT id, email FROM `User` WHERE active = 1",
        "CREATE TRIGGER user_email_lower BEFORE INSERT ON `User` FOR EACH ROW SET NEW.email = LOWER(NEW.email)",
        "CREATE FUNCTION add_one(x int) RETURNS int DETERMINISTIC RETURN x + 1",
        "CREATE PROCEDURE touch_user(IN uid int) UPDATE `User` SET updated = NOW() WHERE id = uid",
        """
        INSERT INTO `User` (email, `Date Of Birth`, nickname, status, tags, profile, score, ratio, small, big, born, wake, avatar, uid, ip, home, area, bio)
        VALUES ('ANA@example.com', '1990-05-17', 'ana', 'active', 'a,c', '{"k": [1, 2]}', 12.5, 0.5, 7, 18446744073709551615, 1999, '07:30:00.250',
                x'00FF10', 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6', '::1', ST_GeomFromText('POINT(1 2)'), ST_GeomFromText('POLYGON((0 0,1 0,1 1,0 0))'), 'hello'),
               ('bo@example.com', NULL, NULL, 'new', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ST_GeomFromText('POINT(0 0)'), NULL)
        """,
        "INSERT INTO team VALUES (1, 'red', NULL), (2, 'blue', NULL)",
        "INSERT INTO player VALUES (10, 1), (11, 2)",
        "UPDATE team SET captain_id = 10 WHERE id = 1",
        "INSERT INTO `order` VALUES (1, 1, 1, NULL, NULL, 'a', 5), (1, 2, 1, 1, 1, 'b', NULL), (2, 1, 2, NULL, NULL, NULL, NULL)",
        "INSERT INTO audit_log VALUES ('2024-01-01 00:00:00.000001', 'one'), ('2024-01-02 00:00:00', 'two'), ('2024-01-03 00:00:00', NULL)",
        "ANALYZE TABLE `User`, `order`, team, player, audit_log",
    ];
}
