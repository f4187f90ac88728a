using Alba;
using Eskalasi.Issues;
using Eskalasi.Organisation;
using Eskalasi.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Eskalasi.Tests.Oversight;

/// <summary>
/// docs/domain.md "Dwell targets and overdue", with targets of seconds (Wolverine fires on the real clock). Waits poll the
/// database for at most a few seconds; nothing sleeps for the length of a real target.
/// </summary>
[Collection(AppCollection.Name)]
public class dwell_timers(AppFixture app)
{
    public static readonly DwellTargets Short = new(Opd: Seconds(2), Asisten: 14, Sekda: 7, Bupati: 7, Darurat: Seconds(2));

    public static double Seconds(double s) => s / 86400;

    private static async Task<int> OverdueMarks(IAlbaHost host, string region, Guid issueId)
    {
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession(region);
        var events = await session.Events.FetchStreamAsync(issueId);
        return events.Count(e => e.Data is IssueBecameOverdue);
    }

    [Fact]
    public async Task an_issue_left_at_opd_past_its_target_is_marked_overdue_once_and_does_not_move()
    {
        var region = await app.NewRegionAsync(dwell: Short);
        var issue = await region.LogIssueAs("opd/dinas-pupr");

        (await Wait.Until(async () => await OverdueMarks(app.Host, region.Code, issue.Id) > 0, TimeSpan.FromSeconds(15))).ShouldBeTrue();
        await Task.Delay(1500); // a second firing, were there one, would land in this time
        (await OverdueMarks(app.Host, region.Code, issue.Id)).ShouldBe(1);

        var now = await region.Issue(issue.Id);
        now.Overdue.ShouldBeTrue();
        (now.Level, now.Holder).ShouldBe((IssueLevel.Opd, "dinas-pupr"));
    }

    /// <summary>Timers of this issue still waiting in Wolverine's store (scheduled, or due and not yet handled).</summary>
    private static async Task<long> PendingTimers(AppFixture app, string region, Guid issueId)
    {
        await using var connection = new Npgsql.NpgsqlConnection(await app.DatabaseOfAsync(region));
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            $"select count(*) from {Eskalasi.Infrastructure.Persistence.WolverineSchema}.wolverine_incoming_envelopes " +
            "where status in ('Scheduled', 'Incoming') and position(convert_to(@id, 'UTF8') in body) > 0", connection);
        command.Parameters.AddWithValue("id", issueId.ToString());
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task a_timer_for_an_issue_resolved_first_writes_nothing()
    {
        var region = await app.NewRegionAsync(dwell: Short);
        var issue = await region.LogIssueAs("opd/dinas-pupr");
        (await PendingTimers(app, region.Code, issue.Id)).ShouldBe(1, "its first stay's timer is stored with the log");
        await region.Move("opd/dinas-pupr", issue.Id, "resolve", new { resolution = "Diperbaiki sendiri oleh PUPR." });

        // Its own timer fires and is handled (it leaves the store); only then is "nothing written" a finding.
        (await Wait.Until(async () => await PendingTimers(app, region.Code, issue.Id) == 0, TimeSpan.FromSeconds(15))).ShouldBeTrue();
        (await OverdueMarks(app.Host, region.Code, issue.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task a_follow_up_past_its_due_date_is_marked_overdue()
    {
        var region = await app.NewRegionAsync();
        var issue = await region.LogIssueAs("opd/dinas-pupr");
        await region.Move("opd/dinas-pupr", issue.Id, "escalate", new { justification = "Butuh koordinasi." });
        var yesterday = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(-2).ToString("yyyy-MM-dd");
        await region.Post("asisten-2", $"/api/issues/{issue.Id}/follow-ups", new { ownerOpd = "pdam", description = "Uji tekanan.", dueDate = yesterday }, 201);

        (await Wait.Until(async () => (await region.Issue(issue.Id)).FollowUps.Single().Overdue, TimeSpan.FromSeconds(15))).ShouldBeTrue();
    }

    /// <summary>The overdue marks in an issue's stream, read straight from its database (no host needed).</summary>
    private static async Task<long> OverdueMarksIn(string database, Guid issueId)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "select count(*) from eskalasi.mt_events where stream_id = @id and type = 'issue_became_overdue'", connection);
        command.Parameters.AddWithValue("id", issueId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task a_timer_survives_a_restart_and_fires_exactly_once_on_the_new_host()
    {
        // A Wolverine schema of their own keeps these hosts' timers from this collection's host. With a database per region
        // they also get a master of their own: a new schema is made in every region database a host sees, and this
        // collection's master has seen a region per test.
        var schema = "timers_" + Guid.NewGuid().ToString("N")[..8];
        var master = app.DatabasePerRegion
            ? await AppFixture.NewDatabaseAsync(app.ConnectionString, "eskalasi_restart_" + Guid.NewGuid().ToString("N")[..8])
            : app.ConnectionString;
        var first = await AppFixture.StartHostAsync(master, demoMode: true, TimeProvider.System, schema, app.LayoutSettings);
        var region = await app.NewRegionAsync(dwell: new DwellTargets(Opd: Seconds(4)), through: first);
        var database = await Eskalasi.Infrastructure.RegionDatabases.RegisteredConnectionAsync(master, region.Code, CancellationToken.None) ?? master;
        var issue = await first.Scenario(s =>
        {
            s.Post.Json(TestRegion.AValidIssue()).ToUrl("/api/issues");
            s.WithBearer(region.Token("opd/dinas-pupr"));
            s.StatusCodeShouldBe(201);
        });
        var id = (await issue.ReadAsJsonAsync<IssueDetails>())!.Id;
        await first.DisposeAsync(); // the service stops before the timer is due

        (await OverdueMarksIn(database, id)).ShouldBe(0);
        await using var second = await AppFixture.StartHostAsync(master, demoMode: true, TimeProvider.System, schema, app.LayoutSettings);
        (await Wait.Until(async () => await OverdueMarksIn(database, id) > 0, TimeSpan.FromSeconds(20))).ShouldBeTrue();
        await Task.Delay(1500);
        (await OverdueMarksIn(database, id)).ShouldBe(1);
    }
}
