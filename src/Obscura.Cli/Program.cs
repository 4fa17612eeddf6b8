using Obscura.Cli;

return await ObscuraCli.RunAsync(args).ConfigureAwait(false);
