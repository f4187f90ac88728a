using Eskalasi.Infrastructure;
using Eskalasi.Issues;
using Eskalasi.Issues.Overdue;
using Eskalasi.Meetings;
using Marten;
using Wolverine;

namespace Eskalasi.History;

/// <summary>Stores a generated history: streams with their original times, the number counters, and live timers.</summary>
public sealed class HistoryWriter(IDocumentStore store, IServiceProvider services, TimeProvider clock, ILogger<HistoryWriter> logger)
{
    public const int BatchSize = 200;

    public async Task WriteAsync(GeneratedHistory history, Action<int, int>? progress, CancellationToken ct)
    {
        var region = history.Region;
        var streams = history.Streams;
        for (var offset = 0; offset < streams.Count; offset += BatchSize)
        {
            await using var session = store.LightweightSession(region.Id);
            foreach (var stream in streams.Skip(offset).Take(BatchSize))
            {
                var action = stream.IsMeeting
                    ? session.Events.StartStream<Meeting>(stream.Id, stream.Events.Select(e => e.Event).ToArray())
                    : session.Events.StartStream<Issue>(stream.Id, stream.Events.Select(e => e.Event).ToArray());
                for (var i = 0; i < stream.Events.Count; i++) action.Events[i].Timestamp = stream.Events[i].At;
            }
            await session.SaveChangesAsync(ct);
            progress?.Invoke(Math.Min(offset + BatchSize, streams.Count), streams.Count);
        }

        await using (var session = store.LightweightSession(region.Id))
        {
            foreach (var (year, last) in history.LastSequenceByYear)
                session.QueueSqlCommand(
                    $"insert into {Persistence.Schema}.issue_numbers as n (region, year, last_sequence) values (?, ?, ?) " +
                    "on conflict (region, year) do update set last_sequence = greatest(n.last_sequence, excluded.last_sequence)",
                    region.Id, year, last);
            await session.SaveChangesAsync(ct);
        }

        // After a bulk load the planner needs fresh statistics to pick the holder/level indexes for the views.
        await using (var session = store.LightweightSession(region.Id))
        {
            session.QueueSqlCommand($"analyze {Persistence.Schema}.mt_doc_issuedetails");
            await session.SaveChangesAsync(ct);
        }

        // Open issues not yet overdue get their dwell timer, as if they had arrived through the service.
        using var scope = services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        bus.TenantId = region.Id;
        foreach (var issue in history.OpenIssues.Where(i => i.OverdueSinceArrivalAt != i.ArrivedAt))
            await DwellTimers.ScheduleStayAsync(bus, issue, region, clock.GetUtcNow());
        logger.LogInformation("Generated history for {Region}: {Streams} streams, {Events} events, {Open} open issues",
            region.Id, streams.Count, history.EventCount, history.OpenIssues.Count);
    }
}
