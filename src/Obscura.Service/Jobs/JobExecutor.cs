using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Obscura.Core.Diagnostics;
using Obscura.Engine;
using Obscura.Engine.Copy;
using Obscura.Service.DataSources;
using Obscura.Service.Internal;
using Obscura.Service.Operations;
using Obscura.Service.Store;

namespace Obscura.Service.Jobs;

/// <summary>
/// Runs the jobs an operation is split into, in whichever process the job runner delivers them to:
/// <list type="bullet">
/// <item><c>start</c> plans: a copy into a target that can take pieces becomes a prepare step (tables created once),
/// one job per table or key range, and a finish job; anything else becomes one <c>whole</c> job.</item>
/// <item>a piece claims its job for a fresh attempt, rewrites exactly its range in one target transaction and marks
/// itself done only if that attempt still owns it, so a delivery twice or after a worker died changes nothing;</item>
/// <item>the piece that completes the set hands the finish job over (compare-and-set, so only once); a failed or
/// cancelled piece makes the last piece to stop end the operation and drop the tables.</item>
/// </list>
/// Running pieces poll the store's cancel flag, so a cancel reaches them in any process.
/// </summary>
internal sealed class JobExecutor(
    IServiceStore store, IOperationJobStore jobs, JobQueue queue, OperationWorker worker, OperationRunner runner, RunningOperations running,
    DataSourceService dataSources, ServiceSettings settings, ObscuraRuntime runtime, TimeProvider clock, ServiceAudit audit, ReportPublisher reports, ILogger<JobExecutor> logger)
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<long, IReadOnlyDictionary<string, int>> _rowWidths = new();
    private readonly ConcurrentDictionary<long, PartitionedCopyService> _copies = new();

    /// <summary>Who runs an attempt: host and process, so an operator (and a test) can tell workers apart.</summary>
    public static string WorkerName { get; } = $"{Environment.MachineName}/{Environment.ProcessId}";

    public async Task RunAsync(long operationId, string key, CancellationToken stopping)
    {
        if (key == JobKeys.Start) await StartAsync(operationId, stopping).ConfigureAwait(false);
        else if (key == JobKeys.Whole) await WholeAsync(operationId, stopping).ConfigureAwait(false);
        else if (key == JobKeys.Finish) await FinishAsync(operationId, stopping).ConfigureAwait(false);
        else if (JobKeys.IsPart(key)) await PartAsync(operationId, key, stopping).ConfigureAwait(false);
        else logger.LogWarning("unknown job {Key} of operation {Id} ignored", key, operationId);
    }

    /// <summary>Hands an interrupted operation's unfinished jobs to the runner again (embedded store, at start-up).</summary>
    public async Task ResumeAsync(long id, IReadOnlyList<OperationJobRecord> existing)
    {
        foreach (var j in existing.Where(j => j.Status is JobKeys.Pending or JobKeys.Running)) queue.Enqueue(id, j.Key);
        var parts = existing.Where(j => JobKeys.IsPart(j.Key)).ToList();
        // Every piece ended but the stop came before the finish was handed over (or the operation ended).
        if (parts.Count > 0 && parts.All(p => JobKeys.IsEnded(p.Status))) await AfterPieceAsync(id).ConfigureAwait(false);
    }

    // ---- start

    private async Task StartAsync(long id, CancellationToken stopping)
    {
        var times = new JobPhaseTimes();
        times.Phase("claiming the job");
        var attempt = NewAttempt();
        if (await jobs.ClaimJobAsync(id, JobKeys.Start, attempt, WorkerName, clock.GetUtcNow(), stopping).ConfigureAwait(false) is null) return;
        var op = await store.GetOperationAsync(id, stopping).ConfigureAwait(false);
        if (op is null || op.Status != OperationStatus.Running)
        {
            await jobs.UpdateJobAsync(id, JobKeys.Start, attempt, JobKeys.Cancelled, 0, null, clock.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            return;
        }
        var existing = await jobs.ListJobsAsync(id, stopping).ConfigureAwait(false);
        if (existing.Any(j => j.Key != JobKeys.Start))
        {
            // An earlier attempt planned already and stopped before handing the jobs over: hand over what is unfinished.
            foreach (var j in existing.Where(j => j.Key != JobKeys.Start && j.Status is JobKeys.Pending or JobKeys.Running)) queue.Enqueue(id, j.Key);
            await jobs.UpdateJobAsync(id, JobKeys.Start, attempt, JobKeys.Done, 0, null, clock.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            return;
        }

        times.Phase("deciding whether to split");
        string? why = "not a copy";
        CopyOptions? options = null;
        if (CopyJobOptions.IsCopy(op))
        {
            try
            {
                options = await CopyJobOptions.BuildAsync(op, store, dataSources, settings, stopping).ConfigureAwait(false);
                why = settings.EffectivePartitionRows == 0
                    ? "copies are not split with the embedded store (--partition-rows splits them)"
                    : await CopyOf(id).WhyNotPartitionableAsync(options, settings.EffectivePartitionRows, stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ObscuraException or System.Data.Common.DbException)
            {
                why = "its source or target could not be read now"; // the whole run reports the problem properly
            }
        }
        if (why is not null)
        {
            logger.LogInformation("operation {Id} runs as one job: {Why}", id, why);
            _copies.TryRemove(id, out _);
            await jobs.AddJobsAsync([new OperationJobRecord { OperationId = id, Key = JobKeys.Whole, Status = JobKeys.Pending }], CancellationToken.None).ConfigureAwait(false);
            queue.Enqueue(id, JobKeys.Whole);
            await jobs.UpdateJobAsync(id, JobKeys.Start, attempt, JobKeys.Done, 0, null, clock.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            return;
        }

        times.Phase("recording the start");
        await audit.RecordAsync("worker", null, "operation_run", OperationService.Target(id), null, "started", CancellationToken.None).ConfigureAwait(false);
        await SavePhaseAsync(id, "creating tables").ConfigureAwait(false);
        PartitionedCopyPlan plan;
        try
        {
            using var cancel = await WatchCancelAsync(id, stopping).ConfigureAwait(false);
            plan = await CopyOf(id).PrepareAsync(options!, settings.EffectivePartitionRows, times, cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            throw; // this process stops: the runner delivers the start job again
        }
        catch (Exception e)
        {
            var cancelled = e is OperationCanceledException;
            await jobs.UpdateJobAsync(id, JobKeys.Start, attempt, cancelled ? JobKeys.Cancelled : JobKeys.Failed, 0, cancelled ? null : runner.Describe(e), clock.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            await EndAsync(id, cancelled ? OperationStatus.Cancelled : OperationStatus.Failed, null, cancelled ? "cancelled" : runner.Describe(e), dropTables: false).ConfigureAwait(false);
            return;
        }

        var pieces = plan.Partitions.Select((p, i) => new OperationJobRecord
        {
            OperationId = id, Key = JobKeys.Part(i), Status = JobKeys.Pending, RowsEstimated = p.EstimatedRows,
            Spec = JsonSerializer.Serialize(p, OperationPlanner.Json),
        }).ToList();
        pieces.Add(new OperationJobRecord
        {
            OperationId = id, Key = JobKeys.Finish, Status = pieces.Count == 0 ? JobKeys.Pending : JobKeys.Waiting,
            Spec = JsonSerializer.Serialize(plan with { Partitions = [] }, OperationPlanner.Json),
        });
        await jobs.AddJobsAsync(pieces, CancellationToken.None).ConfigureAwait(false);
        logger.LogInformation("operation {Id}: {Count} pieces over {Tables} tables", id, pieces.Count - 1, plan.Partitions.Select(p => (p.Schema, p.Table)).Distinct().Count());
        times.Phase("handing the pieces over");
        foreach (var piece in pieces.Where(p => p.Status == JobKeys.Pending)) queue.Enqueue(id, piece.Key);
        await jobs.UpdateJobAsync(id, JobKeys.Start, attempt, JobKeys.Done, 0, null, clock.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        await SaveProgressAsync(id, OperationStatus.Running, "loading rows", finished: false).ConfigureAwait(false);
        logger.LogInformation("operation {Id} {Key}: {Phases}", id, JobKeys.Start, times);
    }

    // ---- a piece

    private async Task PartAsync(long id, string key, CancellationToken stopping)
    {
        var times = new JobPhaseTimes();
        times.Phase("claiming the job");
        var attempt = NewAttempt();
        var job = await jobs.ClaimJobAsync(id, key, attempt, WorkerName, clock.GetUtcNow(), stopping).ConfigureAwait(false);
        if (job is null) return; // done already, or ended by a cancel
        var op = await store.GetOperationAsync(id, stopping).ConfigureAwait(false);
        if (op is null || op.Status != OperationStatus.Running || op.CancelRequested)
        {
            await jobs.UpdateJobAsync(id, key, attempt, JobKeys.Cancelled, 0, null, clock.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            await AfterPieceAsync(id).ConfigureAwait(false);
            return;
        }
        var piece = JsonSerializer.Deserialize<CopyPartition>(job.Spec!, OperationPlanner.Json)!;
        long rows = 0;
        using var cancel = await WatchCancelAsync(id, stopping, async () =>
        {
            // Rows so far, and the whole operation's progress from every piece's rows.
            await jobs.UpdateJobAsync(id, key, attempt, JobKeys.Running, Interlocked.Read(ref rows), null, clock.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            await SaveProgressAsync(id, OperationStatus.Running, "loading rows", finished: false).ConfigureAwait(false);
        }).ConfigureAwait(false);
        try
        {
            times.Phase("reading the operation's options");
            var options = await CopyJobOptions.BuildAsync(op, store, dataSources, settings, cancel.Token).ConfigureAwait(false);
            var written = await CopyOf(id).CopyPartitionAsync(options, piece, new PartitionAttempt
            {
                // The claim counted this attempt: the first one finds its range empty in the tables the start job created.
                First = job.Attempts == 1,
                RowsCopied = n => Interlocked.Exchange(ref rows, n),
                BeforeCommit = async (_, ct) => (await jobs.ListJobsAsync(id, ct).ConfigureAwait(false)).Any(j => j.Key == key && j.AttemptId == attempt && j.Status == JobKeys.Running),
                Progress = times,
            }, cancel.Token).ConfigureAwait(false);
            if (written < 0)
            {
                logger.LogInformation("operation {Id} {Key}: another attempt owns the piece now; this one rolled back", id, key);
                return;
            }
            times.Phase("marking the job done");
            await jobs.UpdateJobAsync(id, key, attempt, JobKeys.Done, written, null, clock.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            throw; // this process stops: the job stays running here and the runner delivers it again
        }
        catch (Exception e)
        {
            var cancelled = e is OperationCanceledException;
            await jobs.UpdateJobAsync(id, key, attempt, cancelled ? JobKeys.Cancelled : JobKeys.Failed, Interlocked.Read(ref rows), cancelled ? null : runner.Describe(e), clock.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            if (!cancelled)
            {
                logger.LogWarning("operation {Id} {Key} failed: {Error}", id, key, runner.Describe(e));
                // The other pieces stop at their next check; the operation ends failed.
                if (await store.GetOperationAsync(id, CancellationToken.None).ConfigureAwait(false) is { Status: OperationStatus.Running } current)
                    await store.UpdateOperationAsync(current with { CancelRequested = true }, OperationStatus.Running, CancellationToken.None).ConfigureAwait(false);
            }
        }
        times.Phase("handing over");
        await AfterPieceAsync(id).ConfigureAwait(false);
        logger.LogInformation("operation {Id} {Key}: {Phases}", id, key, times);
    }

    /// <summary>After a piece ended: the last one hands over the finish job, or ends the operation when pieces failed or were cancelled.</summary>
    private async Task AfterPieceAsync(long id)
    {
        var all = await jobs.ListJobsAsync(id, CancellationToken.None).ConfigureAwait(false);
        var parts = all.Where(j => JobKeys.IsPart(j.Key)).ToList();
        if (parts.Any(p => !JobKeys.IsEnded(p.Status))) return;
        if (parts.All(p => p.Status == JobKeys.Done))
        {
            if (await jobs.SetJobStatusAsync(id, JobKeys.Finish, JobKeys.Waiting, JobKeys.Pending, clock.GetUtcNow(), CancellationToken.None).ConfigureAwait(false))
                queue.Enqueue(id, JobKeys.Finish);
            return;
        }
        await jobs.SetJobStatusAsync(id, JobKeys.Finish, JobKeys.Waiting, JobKeys.Cancelled, clock.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        var failed = parts.FirstOrDefault(p => p.Status == JobKeys.Failed);
        await EndAsync(id, failed is null ? OperationStatus.Cancelled : OperationStatus.Failed, null, failed?.Error ?? "cancelled", dropTables: true).ConfigureAwait(false);
    }

    // ---- finish

    private async Task FinishAsync(long id, CancellationToken stopping)
    {
        var times = new JobPhaseTimes();
        times.Phase("claiming the job");
        var attempt = NewAttempt();
        var job = await jobs.ClaimJobAsync(id, JobKeys.Finish, attempt, WorkerName, clock.GetUtcNow(), stopping).ConfigureAwait(false);
        if (job is null) return;
        var op = await store.GetOperationAsync(id, stopping).ConfigureAwait(false);
        if (op is null || op.Status != OperationStatus.Running) return;
        var all = await jobs.ListJobsAsync(id, stopping).ConfigureAwait(false);
        var rowsByTable = all.Where(j => JobKeys.IsPart(j.Key)).Select(j => (Piece: JsonSerializer.Deserialize<CopyPartition>(j.Spec!, OperationPlanner.Json)!, j.RowsDone))
            .GroupBy(p => new Core.Schema.TableName(p.Piece.Schema, p.Piece.Table).ToString(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(p => p.RowsDone), StringComparer.Ordinal);
        var plan = JsonSerializer.Deserialize<PartitionedCopyPlan>(job.Spec!, OperationPlanner.Json)!;
        await SavePhaseAsync(id, "building primary keys, unique constraints and indexes").ConfigureAwait(false);
        CopyResult result;
        using (var cancel = await WatchCancelAsync(id, stopping).ConfigureAwait(false))
        {
            try
            {
                var options = await CopyJobOptions.BuildAsync(op, store, dataSources, settings, cancel.Token).ConfigureAwait(false);
                var copy = CopyOf(id);
                // Delivered again: an earlier attempt died part-way through building; start the building over.
                if (job.Attempts > 1) await copy.ResetFinishAsync(options, cancel.Token).ConfigureAwait(false);
                result = await copy.FinishAsync(options, plan, rowsByTable, times, cancel.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                await jobs.UpdateJobAsync(id, JobKeys.Finish, attempt, JobKeys.Failed, 0, runner.Describe(e), clock.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
                await EndAsync(id, OperationStatus.Failed, null, runner.Describe(e), dropTables: true).ConfigureAwait(false);
                return;
            }
            if (!result.Succeeded && stopping.IsCancellationRequested) throw new OperationCanceledException(stopping);
        }
        var outcome = new OperationRunner.Outcome(result.Succeeded, result.Summary.ToJson(), result.Summary.Error);
        var request = StoredRequest.Of(op).Request;
        if (result.Succeeded && request.Validate != false)
        {
            // The same validation (and report) as a copy run whole, written by the process that finished it.
            times.Phase("validating the target");
            await SavePhaseAsync(id, "validating the target").ConfigureAwait(false);
            var options = await CopyJobOptions.BuildAsync(op, store, dataSources, settings, stopping).ConfigureAwait(false);
            var directory = OperationFiles.DirectoryOf(settings, id);
            Directory.CreateDirectory(directory);
            outcome = await new TypeRunners(runtime, settings, runner.Describe).ValidateCopyAsync(options, result, directory, outcome, new OperationProgress(new Dictionary<string, int>()), stopping).ConfigureAwait(false);
        }
        var status = outcome.Succeeded ? OperationStatus.Succeeded : result.Failure is OperationCanceledException ? OperationStatus.Cancelled : OperationStatus.Failed;
        times.Phase("ending the operation");
        await jobs.UpdateJobAsync(id, JobKeys.Finish, attempt, result.Succeeded ? JobKeys.Done : JobKeys.Failed, result.Summary.Rows, result.Summary.Error, clock.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        await EndAsync(id, status, outcome.ReportJson, outcome.Error, dropTables: false).ConfigureAwait(false);
        logger.LogInformation("operation {Id} {Key}: {Phases}", id, JobKeys.Finish, times);
    }

    // ---- whole

    private async Task WholeAsync(long id, CancellationToken stopping)
    {
        var attempt = NewAttempt();
        if (await jobs.ClaimJobAsync(id, JobKeys.Whole, attempt, WorkerName, clock.GetUtcNow(), stopping).ConfigureAwait(false) is null) return;
        var op = await store.GetOperationAsync(id, stopping).ConfigureAwait(false);
        if (op is null || op.Status != OperationStatus.Running) return;
        // A cancel asked for through another process reaches the run through the store.
        using (await WatchCancelAsync(id, stopping, onCancel: () => running.Cancel(id)).ConfigureAwait(false))
        {
            await worker.RunAsync(op, stopping).ConfigureAwait(false);
        }
        var after = await store.GetOperationAsync(id, CancellationToken.None).ConfigureAwait(false);
        if (stopping.IsCancellationRequested && after?.Status == OperationStatus.Running) throw new OperationCanceledException(stopping);
        await jobs.UpdateJobAsync(id, JobKeys.Whole, attempt, JobKeys.Done, 0, null, clock.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
    }

    // ---- shared

    /// <summary>Ends a partitioned operation once (compare-and-set on running): final progress, status, report, audit; drops the tables after a failure.</summary>
    private async Task EndAsync(long id, string status, string? reportJson, string? error, bool dropTables)
    {
        var op = await store.GetOperationAsync(id, CancellationToken.None).ConfigureAwait(false);
        if (op is null || op.Status != OperationStatus.Running) return;
        if (dropTables)
        {
            var warnings = new ConcurrentQueue<string>();
            try
            {
                await CopyOf(id).AbortAsync(await CopyJobOptions.BuildAsync(op, store, dataSources, settings, CancellationToken.None).ConfigureAwait(false), warnings, CancellationToken.None).ConfigureAwait(false);
            }
            catch (ObscuraException e)
            {
                warnings.Enqueue(e.Message);
            }
            foreach (var w in warnings) logger.LogWarning("operation {Id}: {Warning}", id, w);
        }
        await SaveProgressAsync(id, status, status == OperationStatus.Succeeded ? "done" : status, finished: status == OperationStatus.Succeeded).ConfigureAwait(false);
        await reports.PublishAsync(id, CancellationToken.None).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        if (await store.UpdateOperationAsync(op with
            {
                Status = status, FinishedAt = now, UpdatedAt = now, Error = status == OperationStatus.Cancelled ? "cancelled" : error, ReportJson = reportJson,
            }, OperationStatus.Running, CancellationToken.None).ConfigureAwait(false))
        {
            await audit.RecordAsync("worker", null, "operation_run", OperationService.Target(id), null, status, CancellationToken.None).ConfigureAwait(false);
        }
        _rowWidths.TryRemove(id, out _);
        _copies.TryRemove(id, out _);
    }

    /// <summary>
    /// The copy service of one operation in this process: it inspects the source once and every job of the operation
    /// this process runs reuses that. Operations ended elsewhere are forgotten once a few are kept.
    /// </summary>
    private PartitionedCopyService CopyOf(long id)
    {
        if (_copies.TryGetValue(id, out var copy)) return copy;
        if (_copies.Count >= 16) _copies.Clear();
        return _copies.GetOrAdd(id, _ => new PartitionedCopyService(runtime, reuseInspection: true));
    }

    private async Task SaveProgressAsync(long id, string status, string? phase, bool finished)
    {
        try
        {
            var all = await jobs.ListJobsAsync(id, CancellationToken.None).ConfigureAwait(false);
            var widths = await RowWidthsAsync(id).ConfigureAwait(false);
            var view = PartitionProgress.From(all, status, phase, finished, clock.GetUtcNow(), widths);
            await store.SaveProgressAsync(id, JsonSerializer.Serialize(view, OperationPlanner.Json), clock.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ObscuraException or System.Data.Common.DbException)
        {
            logger.LogWarning("operation {Id}: progress not saved ({Kind})", id, e.GetType().Name);
        }
    }

    private async Task SavePhaseAsync(long id, string phase)
    {
        var saved = await store.GetProgressAsync(id, CancellationToken.None).ConfigureAwait(false);
        var view = saved is null ? new ProgressView { Status = OperationStatus.Running } : JsonSerializer.Deserialize<ProgressView>(saved, OperationPlanner.Json)!;
        await store.SaveProgressAsync(id, JsonSerializer.Serialize(view with { Phase = phase }, OperationPlanner.Json), clock.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<IReadOnlyDictionary<string, int>> RowWidthsAsync(long id)
    {
        if (_rowWidths.TryGetValue(id, out var widths)) return widths;
        try
        {
            var op = await store.GetOperationAsync(id, CancellationToken.None).ConfigureAwait(false);
            widths = op is null ? new Dictionary<string, int>() : await runner.RowWidthsAsync(op, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ObscuraException or System.Data.Common.DbException)
        {
            widths = new Dictionary<string, int>();
        }
        return _rowWidths[id] = widths;
    }

    /// <summary>
    /// A token cancelled when this process stops or when the operation's cancel flag is set in the store (checked every
    /// second, when <paramref name="tick"/> also runs).
    /// </summary>
    private async Task<CancelWatch> WatchCancelAsync(long id, CancellationToken stopping, Func<Task>? tick = null, Action? onCancel = null)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var watch = new CancelWatch(cts);
        if ((await store.GetOperationAsync(id, CancellationToken.None).ConfigureAwait(false))?.CancelRequested == true)
        {
            onCancel?.Invoke();
            await cts.CancelAsync().ConfigureAwait(false);
            return watch;
        }
        var ended = watch.Ended;
        _ = Task.Run(async () =>
        {
            while (!ended.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(CheckInterval, ended).ConfigureAwait(false);
                    if (tick is not null) await tick().ConfigureAwait(false);
                    if ((await store.GetOperationAsync(id, CancellationToken.None).ConfigureAwait(false))?.CancelRequested == true)
                    {
                        onCancel?.Invoke();
                        await cts.CancelAsync().ConfigureAwait(false);
                        return;
                    }
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                catch (Exception e) when (e is ObscuraException or System.Data.Common.DbException)
                {
                    logger.LogWarning("operation {Id}: cancel check failed ({Kind})", id, e.GetType().Name);
                }
            }
        }, CancellationToken.None);
        return watch;
    }

    /// <summary>The token a job runs under; disposing it stops the checks.</summary>
    private sealed class CancelWatch(CancellationTokenSource cts) : IDisposable
    {
        private readonly CancellationTokenSource _ended = new();

        public CancellationToken Token { get; } = cts.Token;

        /// <summary>Cancelled when the job is done with the watch.</summary>
        public CancellationToken Ended => _ended.Token;

        public void Dispose()
        {
            _ended.Cancel();
            _ended.Dispose();
            cts.Dispose();
        }
    }

    private static string NewAttempt() => Guid.NewGuid().ToString("N");
}
