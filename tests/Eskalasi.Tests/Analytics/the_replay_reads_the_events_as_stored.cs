using Eskalasi.Analytics;
using Eskalasi.Identity;
using Eskalasi.Issues;
using Eskalasi.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Eskalasi.Tests.Analytics;

/// <summary>
/// The analysts' replay reads event fields by name in SQL. Every kind of event it reads is stored here through
/// Marten, then replayed twice: from the event table (the SQL) and from the same events deserialised by Marten
/// and fed by hand (C# properties). A field renamed in an event but not in the SQL makes the two differ.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class the_replay_reads_the_events_as_stored(AppFixture app) : InARegion(app)
{
    private static readonly Actor Officer = new("x/opd/dinas-pupr", Roles.OpdOfficer, "dinas-pupr");

    [Fact]
    public async Task every_field_the_sql_reads_is_where_the_events_put_it()
    {
        var now = App.Clock.GetUtcNow();
        var t = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero); // PostgreSQL keeps microseconds, not ticks
        DateTimeOffset At(int hours) => t.AddHours(hours);
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        var third = Guid.NewGuid();
        IIssueEvent Logged(Guid id, string number, string category, int hours) => new IssueLogged(id, number, Region.Code, "t", "d", category,
            new Location("x"), Urgency.Darurat, "dinas-pupr", ["pdam"], At(hours), Officer, At(hours));

        var events = new Dictionary<Guid, IIssueEvent[]>
        {
            [first] =
            [
                Logged(first, "T-2026-00001", "infrastruktur", 0),
                new IssueEscalated(first, IssueLevel.Opd, "dinas-pupr", IssueLevel.Asisten, "asisten-2", null, "j", 0, false, Officer, At(1)),
                new IssueTransferred(first, "asisten-2", "asisten-1", "r", Officer, At(2)),
                new IssueReturned(first, IssueLevel.Asisten, "asisten-1", IssueLevel.Opd, "dinas-pupr", "i", Officer, At(3)),
                new IssueBecameOverdue(first, IssueLevel.Opd, "dinas-pupr", At(3), 1, "asisten-2", Officer, At(4)),
                new IssueEscalated(first, IssueLevel.Opd, "dinas-pupr", IssueLevel.Asisten, "asisten-2", null, "j", 0, false, Officer, At(5)),
                new IssueEscalated(first, IssueLevel.Asisten, "asisten-2", IssueLevel.Sekda, "sekda", "regulasi", "j", 1, false, Officer, At(6)),
                new IssueEscalated(first, IssueLevel.Sekda, "sekda", IssueLevel.Bupati, "head", "kebijakan", "j", 1, false, Officer, At(7)),
                new DecisionMade(first, IssueLevel.Opd, "pdam", "d", Officer, At(8)),
                new IssueResolved(first, IssueLevel.Opd, "pdam", "r", null, Officer, At(9)),
                new IssueReopened(first, IssueLevel.Opd, "pdam", "r", Officer, At(10)),
                new IssueMarkedDuplicate(first, second, "T-2026-00002", Officer, At(11)),
            ],
            [second] =
            [
                Logged(second, "T-2026-00002", "kesehatan", 1),
                new IssueEmergencyRaised(second, "dinas-pupr", "sekda", "j", Officer, At(2)),
            ],
            [third] = [Logged(third, "T-2026-00003", "pendidikan", 2), new IssueWithdrawn(third, "r", Officer, At(3))],
        };

        var store = App.Host.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession(Region.Code))
        {
            foreach (var (id, stream) in events) session.Events.StartStream<Issue>(id, stream.Cast<object>().ToArray());
            await session.SaveChangesAsync();
        }

        var until = At(12);
        await using var query = store.QuerySession(Region.Code);
        var fromSql = await HistoryReplay.RunAsync(query, until, CancellationToken.None);

        var byHand = HistoryReplay.Empty(until);
        var stored = await query.Events.QueryAllRawEvents().Where(e => e.TenantId == Region.Code).OrderBy(e => e.Sequence).ToListAsync();
        stored.Count.ShouldBe(16);
        foreach (var e in stored) byHand.Apply(e.StreamId, (IIssueEvent)e.Data);

        fromSql.EventsReplayed.ShouldBe(byHand.EventsReplayed);
        fromSql.Stays.OrderBy(s => s.IssueId).ThenBy(s => s.From).ShouldBe(byHand.Stays.OrderBy(s => s.IssueId).ThenBy(s => s.From));
        foreach (var track in byHand.Issues)
        {
            var other = fromSql.Issues.Single(i => i.Id == track.Id);
            (other.Number, other.Open, other.Returns, other.Transfers).ShouldBe((track.Number, track.Open, track.Returns, track.Transfers));
            other.Path.ShouldBe(track.Path);
        }

        // And the stays are the ones the events describe, so the comparison above compares something.
        var firstStays = fromSql.Stays.Where(s => s.IssueId == first).Select(s => (s.Level, s.Holder, s.Overdue)).ToList();
        firstStays.ShouldBe([
            (IssueLevel.Opd, "dinas-pupr", false), (IssueLevel.Asisten, "asisten-2", false), (IssueLevel.Asisten, "asisten-1", false),
            (IssueLevel.Opd, "dinas-pupr", true), (IssueLevel.Asisten, "asisten-2", false), (IssueLevel.Sekda, "sekda", false),
            (IssueLevel.Bupati, "head", false), (IssueLevel.Opd, "pdam", false), (IssueLevel.Opd, "pdam", false)]);
        fromSql.Issues.Single(i => i.Id == second).Path.ShouldBe(["dinas-pupr", "darurat:sekda"]);
        fromSql.Stays.Single(s => s.IssueId == third).Category.ShouldBe("pendidikan");
    }
}
