using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.Backlogs;

[Collection(AppCollection.Name)]
public sealed class backlogs_and_views(AppFixture app) : InARegion(app)
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
    public async Task an_opd_issue_past_its_target_shows_under_overdue_below_for_its_coordinator()
    {
        var stuck = await Region.LogIssueAs("opd/pdam", TestRegion.AValidIssue("dinas-pupr"));
        App.Clock.Advance(TimeSpan.FromDays(8)); // Opd target: 7 days
        var fresh = await Region.LogIssueAs("opd/dinas-pupr");

        var backlog = await Get("asisten-2", "/api/backlogs/asisten/asisten-2");
        var below = backlog.GetProperty("overdueBelow").EnumerateArray().Select(i => i.GetProperty("issueId").GetGuid()).ToList();
        below.ShouldContain(stuck.Id);
        below.ShouldNotContain(fresh.Id);
        (await Get("asisten-1", "/api/backlogs/asisten/asisten-1")).GetProperty("overdueBelow").GetArrayLength().ShouldBe(0);
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
            new { ownerOpd = "pdam", description = "Periksa jaringan.", dueDate = "2030-01-31" }, 201);

        var view = await Get("opd/pdam", "/api/backlogs/opd/pdam");
        view.GetProperty("issues").EnumerateArray().Select(i => (i.GetProperty("issueId").GetGuid(), i.GetProperty("involvement").GetString()))
            .ShouldBe([(reported.Id, "reporter"), (related.Id, "related"), (unrelated.Id, "follow-up-owner")], ignoreOrder: true);
        view.GetProperty("followUps").EnumerateArray().Single().GetProperty("issueId").GetGuid().ShouldBe(unrelated.Id);

        await Get("opd/dinas-pupr", "/api/backlogs/opd/pdam", 403);
    }
}
