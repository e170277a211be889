using System.Diagnostics;

namespace Hyperswitch.Email.LoadDriver;

/// <summary>Sends with C workers until a message count or a duration is reached, and measures throughput, latency, allocations and CPU.</summary>
internal static class LoadRunner
{
    /// <summary>How long past its duration a phase may run before the sends still in flight are canceled.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    /// <summary>Sends, unmeasured, for <paramref name="duration"/>: the JIT's tiers and PGO settle before the first measured round.</summary>
    public static async Task WarmUpAsync(IClientUnderTest client, DriverOptions options, TimeSpan duration)
    {
        var workers = Enumerable.Range(0, options.Concurrency).Select(_ => client.CreateWorker()).ToList();
        try
        {
            await RunPhaseAsync(workers, duration, int.MaxValue);
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }

    public static async Task<Measurement> MeasureAsync(IClientUnderTest client, DriverOptions options, string clientName, int run)
    {
        var workers = Enumerable.Range(0, options.Concurrency).Select(_ => client.CreateWorker()).ToList();
        try
        {
            // Unmeasured: JIT, connection setup of the reusing clients, TLS caches.
            var warmup = await RunPhaseAsync(workers, options.Warmup, options.Messages);
            if (warmup.Completed == 0 && warmup.FirstError is not null)
            {
                Console.Error.WriteLine($"{clientName}: every warm-up send failed: {warmup.FirstError.GetType().Name}: {warmup.FirstError.Message}");
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;

            var phase = await RunPhaseAsync(workers, options.Duration, options.Messages);

            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            if (phase.FirstError is not null)
            {
                Console.Error.WriteLine($"{clientName}: {phase.Errors} errors, the first: {phase.FirstError.GetType().Name}: {phase.FirstError.Message}");
            }

            var latencies = phase.Latencies;
            latencies.Sort();
            var perMessage = Math.Max(phase.Completed, 1);
            return new Measurement(
                options.Sink,
                options.Security,
                options.Concurrency,
                clientName,
                run,
                phase.Completed,
                phase.Errors,
                phase.Elapsed.TotalSeconds,
                phase.Completed / phase.Elapsed.TotalSeconds,
                Percentile(latencies, 0.50),
                Percentile(latencies, 0.99),
                (double)allocated / perMessage,
                cpu.TotalMicroseconds / perMessage);
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }

    private static async Task<PhaseResult> RunPhaseAsync(IReadOnlyList<IWorker> workers, TimeSpan duration, int maxMessages)
    {
        using var hardStop = new CancellationTokenSource(duration + Grace);
        var issued = 0;
        var errors = 0;
        Exception? firstError = null;
        var started = Stopwatch.GetTimestamp();
        var endOfIssuing = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);

        async Task<List<double>> WorkAsync(IWorker worker)
        {
            var latencies = new List<double>(capacity: 4096);
            while (Stopwatch.GetTimestamp() < endOfIssuing && Interlocked.Increment(ref issued) <= maxMessages)
            {
                var sendStarted = Stopwatch.GetTimestamp();
                try
                {
                    await worker.SendAsync(hardStop.Token);
                    latencies.Add(Stopwatch.GetElapsedTime(sendStarted).TotalMilliseconds);
                }
                catch (Exception exception)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, exception, null);
                }
            }

            return latencies;
        }

        // Each worker on the thread pool from the start, as concurrent requests of an application would be.
        var perWorker = await Task.WhenAll(workers.Select(worker => Task.Run(() => WorkAsync(worker))));
        var elapsed = Stopwatch.GetElapsedTime(started);
        var all = perWorker.SelectMany(l => l).ToList();
        return new PhaseResult(all.Count, errors, elapsed, all, firstError);
    }

    /// <summary>The nearest-rank percentile of sorted values, or 0 when there are none.</summary>
    private static double Percentile(List<double> sorted, double quantile) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Count) - 1, 0, sorted.Count - 1)];

    private sealed record PhaseResult(int Completed, int Errors, TimeSpan Elapsed, List<double> Latencies, Exception? FirstError);
}
