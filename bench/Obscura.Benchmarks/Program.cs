using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Obscura.Benchmarks -- --filter '*'
// dotnet run -c Release --project bench/Obscura.Benchmarks -- profile-file COPY_BINARY_FILE [PASSES]   (the profiler without a server)
// dotnet run -c Release --project bench/Obscura.Benchmarks -- query-dp SOURCE POLICY USER DP_SQL PLAIN_SQL [REPEATS]   (bench/query-dp.sh)
// dotnet run -c Release --project bench/Obscura.Benchmarks -- query-concurrency SOURCE POLICY USER BUDGET_STORE QUERIES INSTANCES SQL   (bench/query-concurrency.sh)
if (args.Length > 0 && args[0] == "profile-file") return ProfileFileBench.Run(args);
if (args.Length > 0 && args[0] == "query-dp") return await QueryDpBench.RunAsync(args);
if (args.Length > 0 && args[0] == "query-concurrency") return await QueryConcurrencyBench.RunAsync(args);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

/// <summary>Entry point marker.</summary>
public partial class Program;
