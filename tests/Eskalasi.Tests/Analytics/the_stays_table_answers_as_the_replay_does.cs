using System.Text.Json;
using Eskalasi.Analytics;
using Eskalasi.History;
using Eskalasi.Identity;
using Eskalasi.Issues;
using Eskalasi.Infrastructure;
using Eskalasi.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Eskalasi.Tests.Analytics;

/// <summary>
/// docs/scale.md "Analytics that do not replay the world": the analysts' answers come from SQL aggregates over the stays
/// table, which an inline projection writes with the events. For a generated history (returns, transfers, reopenings,
/// overdue stays, settlements over a year) they must equal, field for field, the answers of a full replay of the events
/// — at the end and as of dates within the history, for every grouping — and so must the rows a database from before
/// the table gets from the start-up backfill.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class the_stays_table_answers_as_the_replay_does(AppFixture app)
{
    [Fact]
    public async Task for_a_generated_history_at_several_dates()
    {
        var region = await app.NewRegionAsync("kab-buleleng");
        var history = HistoryGenerator.Generate(region.Organisation, new GeneratorOptions(300, 365, 7, app.Clock.GetUtcNow()));
        await app.Host.Services.GetRequiredService<HistoryWriter>().WriteAsync(history, null, CancellationToken.None);
        var store = app.Host.Services.GetRequiredService<IDocumentStore>();
        // Ping-pong is rare in a generated year: one issue sent back and forth, made by hand beside it.
        var officer = new Actor($"{region.Code}/opd/dinas-pupr", Roles.OpdOfficer, "dinas-pupr");
        var id = Guid.NewGuid();
        var t = app.Clock.GetUtcNow().AddDays(-100);
        await using (var session = store.LightweightSession(region.Code))
        {
            var stream = session.Events.StartStream<Issue>(id,
                new IssueLogged(id, "PP-2026-00001", region.Code, "t", "d", "infrastruktur", new Location("x"), Urgency.Biasa, "dinas-pupr", ["pdam"],
                    t, officer, t),
                new IssueEscalated(id, IssueLevel.Opd, "dinas-pupr", IssueLevel.Asisten, "asisten-2", null, "j", 0, false, officer, t.AddDays(2)),
                new IssueTransferred(id, "asisten-2", "asisten-1", "r", officer, t.AddDays(5)),
                new IssueTransferred(id, "asisten-1", "asisten-2", "r", officer, t.AddDays(9)),
                new IssueReturned(id, IssueLevel.Asisten, "asisten-2", IssueLevel.Opd, "dinas-pupr", "i", officer, t.AddDays(12)),
                new IssueBecameOverdue(id, IssueLevel.Opd, "dinas-pupr", t.AddDays(12), 3, "asisten-2", officer, t.AddDays(15)),
                new IssueResolved(id, IssueLevel.Opd, "dinas-pupr", "r", null, officer, t.AddDays(40)),
                new IssueReopened(id, IssueLevel.Asisten, "asisten-2", "r", officer, t.AddDays(70)));
            // Stored when they happened, as live events are (and as the history writer stores its own).
            foreach (var e in stream.Events) e.Timestamp = ((IIssueEvent)e.Data).At;
            await session.SaveChangesAsync();
        }
        var zone = region.Organisation.FindZone();
        var now = app.Clock.GetUtcNow();
        DateTimeOffset[] dates = [now, now.AddDays(-60), now.AddDays(-200), now.AddDays(-330).AddHours(7.5)];

        async Task<int> CompareAll()
        {
            var compared = 0;
            await using var session = store.QuerySession(region.Code);
            foreach (var until in dates)
            {
                var replay = await HistoryReplay.RunAsync(session, until, CancellationToken.None);
                foreach (var by in AnalyticsEndpoints.GroupBys)
                {
                    var fromTable = await StaysQueries.StuckAsync(session, until, by, CancellationToken.None);
                    Json(fromTable).ShouldBe(Json(AnalyticsEndpoints.Report(replay, by)), $"stuck by {by} as of {until:O}");
                    fromTable.Groups.ShouldNotBeEmpty();
                    compared++;
                }
                Json(await StaysQueries.PingPongAsync(session, until, CancellationToken.None))
                    .ShouldBe(Json(AnalyticsEndpoints.PingPongOf(replay, until)), $"ping-pong as of {until:O}");
                Json(await StaysQueries.SettlementAsync(session, until, zone, CancellationToken.None))
                    .ShouldBe(Json(AnalyticsEndpoints.SettlementOf(replay, until, zone)), $"settlement as of {until:O}");
                compared += 2;
            }
            return compared;
        }

        // The history holds what makes the comparison worth something.
        await using (var session = store.QuerySession(region.Code))
        {
            var replay = await HistoryReplay.RunAsync(session, now, CancellationToken.None);
            replay.Stays.Count(s => s.Overdue).ShouldBeGreaterThan(0);
            replay.Stays.Count(s => s.Settled).ShouldBeGreaterThan(0);
            replay.Issues.Count(i => i.Open).ShouldBeGreaterThan(0);
            AnalyticsEndpoints.PingPongOf(replay, now).Items.ShouldNotBeEmpty();
        }
        (await CompareAll()).ShouldBe(dates.Length * (AnalyticsEndpoints.GroupBys.Length + 2));

        // A database from before the table: the region's rows gone, the start-up backfill writes them from a replay.
        await using (var session = store.LightweightSession(region.Code))
        {
            session.QueueSqlCommand($"delete from {Persistence.Schema}.{StaysProjection.TableName} where tenant_id = ?", region.Code);
            await session.SaveChangesAsync();
        }
        await app.Host.Services.GetServices<IStartupStep>().OfType<StaysBackfill>().Single().RunAsync(CancellationToken.None);
        await CompareAll();

        // Over HTTP, source=replay gives the replay's answer to compare with the table's.
        async Task<string> Groups(string query) => (await (await region.Host.Scenario(s =>
        {
            s.Get.Url("/api/analytics/stuck?groupBy=opd" + query);
            s.WithBearer(region.Token("analyst"));
        })).ReadJson()).GetProperty("groups").ToString();
        (await Groups("&source=replay")).ShouldBe(await Groups(""));
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);
}
