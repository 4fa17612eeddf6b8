namespace Obscura.Service.DataSources;

/// <summary>A data source as the API returns it: never the password, only whether one is set and how.</summary>
public sealed record DataSourceView(
    string Id, string Name, string Kind, string? Host, int? Port, string Database, string? Username, string Environment,
    string? Classification, string? TlsMode, string Password, string? PasswordRef, string Uri, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
