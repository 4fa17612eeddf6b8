using Microsoft.Data.Sqlite;
using Obscura.Core.Diagnostics;

namespace Obscura.Data.Sqlite.Internal;

/// <summary>Turns SQLite failures on open into messages that say what is wrong with the file and what to do.</summary>
internal static class SqliteErrors
{
    // Primary result codes (https://sqlite.org/rescode.html).
    private const int Perm = 3;
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int IoErr = 10;
    private const int Corrupt = 11;
    private const int CantOpen = 14;
    private const int Auth = 23;
    private const int NotADb = 26;

    /// <summary>The user-facing exception for a failure while opening <paramref name="uri"/>.</summary>
    public static ObscuraDatabaseException Open(DatabaseUri uri, SqliteException ex) => (ex.SqliteErrorCode & 0xFF) switch
    {
        NotADb => new($"{uri} is not a SQLite database: the file exists but does not start with a SQLite header (is it encrypted, or another kind of file?)", ex),
        Corrupt => new($"{uri} is damaged (SQLite reports a malformed database image): restore it from a backup or try the sqlite3 .recover command", ex),
        Busy or Locked => new($"{uri} is locked by another connection or program: wait for it to finish or close it, then retry", ex),
        CantOpen => new($"{uri} cannot be opened: check that the directory exists and that the file is readable and writable", ex),
        ReadOnly => new($"{uri} is read-only: check the permissions of the file and its directory", ex),
        Perm or Auth => new($"{uri} cannot be opened: permission denied", ex),
        IoErr => new($"{uri} cannot be read: disk I/O error ({ex.Message})", ex),
        _ => new($"{uri} cannot be opened: {ex.Message}", ex),
    };

    /// <summary>The user-facing exception for a failure while creating <paramref name="uri"/>.</summary>
    public static ObscuraDatabaseException Create(DatabaseUri uri, Exception ex) =>
        ex is SqliteException s ? Open(uri, s) : new($"{uri} cannot be created: {ex.Message}", ex);
}
