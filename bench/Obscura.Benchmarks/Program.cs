using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Obscura.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point marker.</summary>
public partial class Program;
