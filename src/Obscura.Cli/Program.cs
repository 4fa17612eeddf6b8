using Obscura.Cli;

return await ObscuraCli.RunAsync(args).ConfigureAwait(false);

/// <summary>
/// The <c>obscura</c> entry point. Public so integration tests can name the entry assembly
/// (<c>WebApplicationFactory&lt;Program&gt;</c>) and run <c>obscura serve</c> exactly as the binary does.
/// </summary>
public partial class Program;
