using System.Text.Json;
using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.Oversight;

[Collection(AppCollection.Name)]
public class each_users_inbox(AppFixture app) : InARegion(app)
{
    private async Task<List<JsonElement>> Inbox(TestRegion region, string account) =>
        (await (await region.Host.Scenario(s =>
        {
            s.Get.Url("/api/inbox");
            s.WithBearer(region.Token(account));
        })).ReadJson()).GetProperty("items").EnumerateArray().ToList();

    /// <summary>A biasa issue: no early-sight item for the coordinating Asisten (early_sight_for_the_asisten has those).</summary>
    private static LogIssueBody Ordinary => TestRegion.AValidIssue() with { Urgency = "biasa" };

    [Fact]
    public async Task entries_appear_for_the_right_users_only()
    {
        var issue = await Region.LogIssueAs("opd/dinas-pupr", Ordinary);
        await Region.Move("opd/dinas-pupr", issue.Id, "escalate", new { justification = "Butuh koordinasi lintas OPD." });
        var meeting = await Region.ScheduleMeeting("asisten-2", "dinas-pupr", "pdam");
        await Region.Post("asisten-2", $"/api/issues/{issue.Id}/follow-ups",
            new { ownerOpd = "pdam", description = "Uji tekanan pipa.", dueDate = Region.DueDate() }, 201);

        var asisten = (await Inbox(Region, "asisten-2")).ShouldHaveSingleItem();
        asisten.GetProperty("kind").GetString().ShouldBe("arrived");
        asisten.GetProperty("issueId").GetGuid().ShouldBe(issue.Id);
        asisten.GetProperty("text").GetString()!.ShouldContain(issue.Number);
        asisten.GetProperty("text").GetString()!.ShouldContain("masuk ke antrean Anda");

        var pdam = await Inbox(Region, "opd/pdam");
        pdam.Select(i => i.GetProperty("kind").GetString()).ShouldBe(["follow-up-assigned", "meeting-invitation"]);
        pdam[1].GetProperty("meetingId").GetGuid().ShouldBe(meeting.Id);

        (await Inbox(Region, "asisten-1")).ShouldBeEmpty();
        (await Inbox(Region, "opd/dinas-perkim")).ShouldBeEmpty();
        (await Inbox(Region, "sekda")).ShouldBeEmpty();
        (await Inbox(await App.NewRegionAsync(), "asisten-2")).ShouldBeEmpty();
    }

    [Fact]
    public async Task an_entry_is_marked_read_by_its_recipient_only()
    {
        var issue = await Region.LogIssueAs("opd/dinas-pupr", Ordinary);
        await Region.Move("opd/dinas-pupr", issue.Id, "escalate", new { justification = "Butuh koordinasi lintas OPD." });
        var entry = (await Inbox(Region, "asisten-2")).Single().GetProperty("id").GetGuid();

        await Region.Post("asisten-1", $"/api/inbox/{entry}/read", null, 404);
        (await Inbox(Region, "asisten-2")).Single().GetProperty("read").GetBoolean().ShouldBeFalse();
        await Region.Post("asisten-2", $"/api/inbox/{entry}/read", null, 200);
        (await Inbox(Region, "asisten-2")).Single().GetProperty("read").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task the_level_above_hears_of_an_overdue_issue_and_the_sekda_of_an_emergency()
    {
        var region = await App.NewRegionAsync(dwell: dwell_timers.Short);
        await region.LogIssueAs("opd/pdam", TestRegion.AValidIssue("dinas-pupr"));
        (await Wait.Until(async () => (await Inbox(region, "asisten-2")).Any(i => i.GetProperty("kind").GetString() == "overdue"),
            TimeSpan.FromSeconds(15))).ShouldBeTrue();
        (await Inbox(region, "asisten-1")).ShouldBeEmpty();

        var flood = await region.LogIssueAs("opd/bpbd", TestRegion.AValidIssue("dinas-pupr") with { Urgency = "darurat", Category = "kebencanaan" });
        await region.Move("opd/bpbd", flood.Id, "emergency-escalate", new { justification = "Banjir bandang." });
        (await Inbox(region, "sekda")).ShouldContain(i => i.GetProperty("issueId").GetGuid() == flood.Id);
    }

    [Fact]
    public async Task the_inbox_and_the_opd_view_come_a_page_at_a_time_with_their_totals()
    {
        var issues = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var issue = await Region.LogIssueAs("opd/dinas-pupr", Ordinary);
            await Region.Move("opd/dinas-pupr", issue.Id, "escalate", new { justification = "Butuh koordinasi lintas OPD." });
            await Region.Post("asisten-2", $"/api/issues/{issue.Id}/follow-ups",
                new { ownerOpd = "pdam", description = $"Tugas {i}.", dueDate = Region.DueDate(10 + i) }, 201);
            issues.Add(issue.Id);
        }

        async Task<JsonElement> Read(string account, string url) =>
            await (await Region.Host.Scenario(s => { s.Get.Url(url); s.WithBearer(Region.Token(account)); })).ReadJson();

        var first = await Read("asisten-2", "/api/inbox?pageSize=2");
        (first.GetProperty("total").GetInt64(), first.GetProperty("items").GetArrayLength()).ShouldBe((3L, 2));
        var second = await Read("asisten-2", "/api/inbox?pageSize=2&page=2");
        second.GetProperty("items").GetArrayLength().ShouldBe(1);
        first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(i => i.GetProperty("issueId").GetGuid()).ShouldBe(Enumerable.Reverse(issues), "newest first, none twice, none missing");

        // PDAM's view: the issues a page at a time (it is related to all three), every follow-up it owns on every page.
        var view = await Read("opd/pdam", "/api/backlogs/opd/pdam?pageSize=1");
        (view.GetProperty("total").GetInt64(), view.GetProperty("issues").GetArrayLength()).ShouldBe((3L, 1));
        view.GetProperty("followUps").GetArrayLength().ShouldBe(3);
        (await Read("opd/pdam", "/api/backlogs/opd/pdam?pageSize=1&page=3")).GetProperty("issues")[0]
            .GetProperty("issueId").GetGuid().ShouldBe(issues[0]);
    }
}
