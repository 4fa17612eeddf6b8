namespace Obscura.Core.Schema;

/// <summary>A column as the database declares it, plus its portable <see cref="TypeClass"/>.</summary>
public sealed record Column
{
    /// <summary>Column name exactly as stored (case and spaces preserved).</summary>
    public required string Name { get; init; }
    /// <summary>1-based position in the table.</summary>
    public int Ordinal { get; init; }
    /// <summary>The type exactly as the source engine declares it, e.g. <c>character varying(40)</c>.</summary>
    public required string DeclaredType { get; init; }
    /// <summary>Engine-neutral type class.</summary>
    public required TypeClass TypeClass { get; init; }
    /// <summary>Whether NULL is allowed.</summary>
    public bool IsNullable { get; init; } = true;
    /// <summary>Default expression as the engine reports it (engine SQL), if any.</summary>
    public string? Default { get; init; }
    /// <summary>Maximum length in characters (text) or bytes (binary); null when unbounded.</summary>
    public int? MaxLength { get; init; }
    /// <summary>Precision of decimals (digits) or fractional-second precision of times.</summary>
    public int? Precision { get; init; }
    /// <summary>Scale of decimals.</summary>
    public int? Scale { get; init; }
    /// <summary>Storage width of integers in bits (8, 16, 24, 32, 64); null for other classes.</summary>
    public int? IntegerBits { get; init; }
    /// <summary>True for unsigned integers (MySQL/MariaDB).</summary>
    public bool IsUnsigned { get; init; }
    /// <summary>True for identity / auto-increment / serial columns.</summary>
    public bool IsIdentity { get; init; }
    /// <summary>
    /// Engine-specific detail of how an identity column generates values, in the source engine's own SQL, used only when
    /// re-creating the column in the same engine (SQLite: <c>AUTOINCREMENT</c>); null when there is none.
    /// </summary>
    public string? IdentityDefinition { get; init; }
    /// <summary>Allowed values of an enum type (carried as text across engines).</summary>
    public IReadOnlyList<string>? EnumValues { get; init; }
    /// <summary>Column comment, if the engine keeps one.</summary>
    public string? Comment { get; init; }
}
