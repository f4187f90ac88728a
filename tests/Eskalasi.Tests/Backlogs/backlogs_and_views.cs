using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.Backlogs;

[Collection(AppCollection.Name)]
public class backlogs_and_views(AppFixture app) : InARegion(app)
{
    private async Task<System.Text.Json.JsonElement> Get(string account, string url, int status = 200)
    {
        var result = await Region.Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.WithBearer(Region.Token(account));
            s.StatusCodeShouldBe(status);
        });
        return await result.ReadJson();
    }

    [Fact]
    public async Task an_opd_issue_past_its_target_shows_under_overdue_below_for_its_coordinator_and_an_asisten_issue_in_the_sekda_queue()
    {
        var region = await App.NewRegionAsync(dwell: new Eskalasi.Organisation.DwellTargets(
            Opd: Oversight.dwell_timers.Seconds(2), Asisten: Oversight.dwell_timers.Seconds(2)));
        var stuck = await region.LogIssueAs("opd/pdam", TestRegion.AValidIssue("dinas-pupr"));
        var raised = await region.LogIssueAs("opd/dinas-pupr");
        await region.Move("opd/dinas-pupr", raised.Id, "escalate", new { justification = "Butuh koordinasi." });
        // Bappeda answers to the Sekda directly: its overdue issue shows to the Sekda, not to any Asisten.
        var atBappeda = await region.LogIssueAs("opd/bappeda", TestRegion.AValidIssue("dinas-pupr"));

        async Task<System.Text.Json.JsonElement> Read(string account, string url) =>
            await (await region.Host.Scenario(s => { s.Get.Url(url); s.WithBearer(region.Token(account)); })).ReadJson();
        (await Wait.Until(async () => (await Read("asisten-2", "/api/backlogs/asisten/asisten-2")).GetProperty("overdueBelow").GetArrayLength() == 1,
            TimeSpan.FromSeconds(15))).ShouldBeTrue();
        (await Read("asisten-2", "/api/backlogs/asisten/asisten-2")).GetProperty("overdueBelow")[0].GetProperty("issueId").GetGuid().ShouldBe(stuck.Id);
        (await Read("asisten-1", "/api/backlogs/asisten/asisten-1")).GetProperty("overdueBelow").GetArrayLength().ShouldBe(0);

        (await Wait.Until(async () => (await Read("sekda", "/api/sekda/queue")).GetProperty("overdueBelow").GetArrayLength() == 2,
            TimeSpan.FromSeconds(15))).ShouldBeTrue();
        var below = (await Read("sekda", "/api/sekda/queue")).GetProperty("overdueBelow").EnumerateArray()
            .ToDictionary(i => i.GetProperty("issueId").GetGuid(), i => (i.GetProperty("level").GetString(), i.GetProperty("holder").GetString()));
        below[raised.Id].ShouldBe(("asisten", "asisten-2"));
        below[atBappeda.Id].ShouldBe(("opd", "bappeda"));
        below.ContainsKey(stuck.Id).ShouldBeFalse(); // PDAM is coordinated by Asisten II: its overdue issue is that backlog's
        foreach (var asisten in new[] { "asisten-1", "asisten-2", "asisten-3" })
            (await Read(asisten, $"/api/backlogs/asisten/{asisten}")).GetProperty("overdueBelow").EnumerateArray()
                .ShouldNotContain(i => i.GetProperty("issueId").GetGuid() == atBappeda.Id);
    }

    [Fact]
    public async Task the_backlog_counts_meetings_that_discussed_an_issue_since_it_arrived()
    {
        var issue = await Region.LogIssueAs("opd/dinas-pupr");
        await Region.Move("opd/dinas-pupr", issue.Id, "escalate", new { justification = "Butuh koordinasi." });
        await Region.HoldMeeting("asisten-2", issue.Id, new { outcome = "deferred" });

        var item = (await Get("sekda", "/api/backlogs/asisten/asisten-2")).GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("issueId").GetGuid() == issue.Id);
        item.GetProperty("meetingsDiscussed").GetInt32().ShouldBe(1);
        item.GetProperty("overdue").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task another_asisten_and_opd_officers_may_not_read_an_asisten_backlog()
    {
        await Get("asisten-1", "/api/backlogs/asisten/asisten-2", 403);
        await Get("opd/pdam", "/api/backlogs/asisten/asisten-2", 403);
        await Get("sekda", "/api/backlogs/asisten/asisten-9", 404);
    }

    [Fact]
    public async Task the_opd_view_shows_what_it_reported_is_related_to_and_the_follow_ups_it_owns()
    {
        var reported = await Region.LogIssueAs("opd/pdam", TestRegion.AValidIssue("dinas-pupr"));
        var related = await Region.LogIssueAs("opd/dinas-pupr", TestRegion.AValidIssue("pdam"));
        var unrelated = await Region.LogIssueAs("opd/dinas-pupr", TestRegion.AValidIssue("dinas-perkim"));
        await Region.Move("opd/dinas-pupr", unrelated.Id, "escalate", new { justification = "Butuh koordinasi." });
        await Region.Post("asisten-2", $"/api/issues/{unrelated.Id}/follow-ups",
            new { ownerOpd = "pdam", description = "Periksa jaringan.", dueDate = Region.DueDate() }, 201);

        var view = await Get("opd/pdam", "/api/backlogs/opd/pdam");
        view.GetProperty("issues").EnumerateArray().Select(i => (i.GetProperty("issueId").GetGuid(), i.GetProperty("involvement").GetString()))
            .ShouldBe([(reported.Id, "reporter"), (related.Id, "related"), (unrelated.Id, "follow-up-owner")], ignoreOrder: true);
        view.GetProperty("followUps").EnumerateArray().Single().GetProperty("issueId").GetGuid().ShouldBe(unrelated.Id);

        await Get("opd/dinas-pupr", "/api/backlogs/opd/pdam", 403);
    }
}
