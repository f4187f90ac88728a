using Eskalasi.Infrastructure;
using Eskalasi.Issues;
using Eskalasi.Organisation;
using Marten;

namespace Eskalasi.History;

/// <summary>Generates and stores histories for regions: the demo's first-start history and the <c>generate</c> command.</summary>
public sealed class HistoryService(IDocumentStore store, HistoryWriter writer, TimeProvider clock, ILogger<HistoryService> logger)
{
    /// <summary>Demo mode: a small history for each seed region that has no issue yet (so a restart adds nothing).</summary>
    public async Task SeedDemoAsync(IEnumerable<RegionOrganisation> regions, int issuesPerRegion, CancellationToken ct)
    {
        foreach (var region in regions)
        {
            await using var session = store.QuerySession(region.Id);
            if (await session.Query<IssueDetails>().AnyAsync(ct)) continue;
            await GenerateAsync(region, issuesPerRegion, days: 365, seed: 2026, progress: null, ct);
        }
    }

    public async Task<GeneratedHistory> GenerateAsync(RegionOrganisation region, int issues, int days, int seed, Action<string>? progress,
        CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var history = HistoryGenerator.Generate(region, new GeneratorOptions(issues, days, seed, clock.GetUtcNow(), await LastSequencesAsync(region, ct)));
        progress?.Invoke($"{region.Id}: simulated {issues} issues, {history.EventCount} events in {started.Elapsed.TotalSeconds:0.0} s; writing…");
        await writer.WriteAsync(history, progress is null ? null : (done, total) =>
            progress($"{region.Id}: {done}/{total} streams written ({started.Elapsed.TotalSeconds:0.0} s)"), ct);
        logger.LogInformation("History for {Region} ready in {Seconds:0.0} s", region.Id, started.Elapsed.TotalSeconds);
        return history;
    }

    private async Task<IReadOnlyDictionary<int, int>> LastSequencesAsync(RegionOrganisation region, CancellationToken ct)
    {
        await using var session = store.QuerySession(region.Id);
        // One scalar per row (year * 1,000,000 + last sequence): the simplest shape AdvancedSql reads.
        var rows = await session.AdvancedSql.QueryAsync<long>(
            $"select year::bigint * 1000000 + last_sequence from {Persistence.Schema}.issue_numbers where region = ?", ct, region.Id);
        return rows.ToDictionary(r => (int)(r / 1_000_000), r => (int)(r % 1_000_000));
    }
}
