using System.Diagnostics;

namespace Eskalasi.Benchmarks;

/// <summary>Operations per second and latency percentiles of a closed loop of <c>clients</c> workers.</summary>
public sealed record LoadResult(string Name, int Clients, long Operations, double Seconds, double P50Ms, double P99Ms)
{
    public double PerSecond => Operations / Seconds;
}

public static class Measure
{
    /// <summary>
    /// Each client runs <paramref name="operation"/> in a loop for <paramref name="duration"/>, after a warm-up of a
    /// third of that time: connections, query plans, and the JIT's second tier, which takes seconds on two cores.
    /// </summary>
    public static async Task<LoadResult> LoadAsync(string name, int clients, TimeSpan duration, Func<int, Task> operation)
    {
        await RunAsync(clients, duration / 3, operation, latencies: null);
        var latencies = new List<double>[clients];
        var seconds = await RunAsync(clients, duration, operation, latencies);
        var all = latencies.SelectMany(l => l).Order().ToList();
        return new LoadResult(name, clients, all.Count, seconds, Percentile(all, 0.5), Percentile(all, 0.99));
    }

    private static async Task<double> RunAsync(int clients, TimeSpan duration, Func<int, Task> operation, List<double>[]? latencies)
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            var mine = new List<double>(100_000);
            if (latencies is not null) latencies[c] = mine;
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                await operation(c);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        return clock.Elapsed.TotalSeconds;
    }

    public static async Task<LoadResult> SequentialAsync(string name, int count, Func<int, Task> operation)
    {
        for (var i = 0; i < Math.Min(10, count); i++) await operation(i);
        var latencies = new List<double>(count);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await operation(i);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        latencies.Sort();
        return new LoadResult(name, 1, count, clock.Elapsed.TotalSeconds, Percentile(latencies, 0.5), Percentile(latencies, 0.99));
    }

    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
