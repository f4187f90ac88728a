using Eskalasi.Issues;
using Eskalasi.Meetings;
using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.Meetings;

[Collection(AppCollection.Name)]
public class running_a_rakor(AppFixture app) : InARegion(app)
{
    private async Task<IssueDetails> RaisedToAsisten2(string urgency, string by = "opd/dinas-pupr")
    {
        var issue = await Region.LogIssueAs(by, TestRegion.AValidIssue("bappeda") with { Urgency = urgency });
        return await Region.Move(by, issue.Id, "escalate", new { justification = "Butuh koordinasi lintas OPD." });
    }

    [Fact]
    public async Task the_agenda_is_drafted_overdue_follow_ups_first_then_by_urgency_then_longest_waiting()
    {
        var biasaOld = await RaisedToAsisten2("biasa");
        App.Clock.Advance(TimeSpan.FromHours(1));
        var tinggi = await RaisedToAsisten2("tinggi");
        App.Clock.Advance(TimeSpan.FromHours(1));
        var biasaNew = await RaisedToAsisten2("biasa", "opd/pdam");
        var darurat = await RaisedToAsisten2("darurat");
        var withOverdueFollowUp = await RaisedToAsisten2("biasa", "opd/pdam");
        await Region.Post("asisten-2", $"/api/issues/{withOverdueFollowUp.Id}/follow-ups",
            new { ownerOpd = "pdam", description = "Laporan debit.", dueDate = "2020-01-01" }, 201);

        var meeting = await Region.ScheduleMeeting("asisten-2", "dinas-pupr", "pdam");
        meeting.Agenda.Select(a => a.IssueId).ShouldBe([withOverdueFollowUp.Id, darurat.Id, tinggi.Id, biasaOld.Id, biasaNew.Id]);

        var backlog = await Region.Host.Scenario(s =>
        {
            s.Get.Url("/api/backlogs/asisten/asisten-2");
            s.WithBearer(Region.Token("asisten-2"));
        });
        var json = await backlog.ReadJson();
        json.GetProperty("draftAgenda").EnumerateArray().Select(e => e.GetGuid())
            .ShouldBe([withOverdueFollowUp.Id, darurat.Id, tinggi.Id, biasaOld.Id, biasaNew.Id]);
        var first = json.GetProperty("items")[0];
        first.GetProperty("openFollowUps").GetInt32().ShouldBe(1);
        first.GetProperty("overdueFollowUps").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task the_agenda_can_be_edited_until_the_meeting_starts()
    {
        var a = await RaisedToAsisten2("tinggi");
        var b = await RaisedToAsisten2("biasa");
        var meeting = await Region.ScheduleMeeting("asisten-2", "dinas-pupr");

        var edited = await Region.Host.Scenario(s =>
        {
            s.Put.Json(new { issueIds = new[] { b.Id } }).ToUrl($"/api/meetings/{meeting.Id}/agenda");
            s.WithBearer(Region.Token("asisten-2"));
        });
        (await edited.ReadAsJsonAsync<Meeting>())!.Agenda.Select(i => i.IssueId).ShouldBe([b.Id]);

        await Region.MeetingAction("asisten-2", meeting.Id, "start");
        await Region.Host.Scenario(s =>
        {
            s.Put.Json(new { issueIds = new[] { a.Id, b.Id } }).ToUrl($"/api/meetings/{meeting.Id}/agenda");
            s.WithBearer(Region.Token("asisten-2"));
            s.StatusCodeShouldBe(409);
        });
    }

    [Fact]
    public async Task concluding_defers_every_item_without_an_outcome_and_the_minutes_tell_it()
    {
        var settled = await RaisedToAsisten2("tinggi");
        var untouched = await RaisedToAsisten2("biasa");
        var meeting = await Region.ScheduleMeeting("asisten-2", "dinas-pupr", "pdam");
        await Region.MeetingAction("asisten-2", meeting.Id, "start");
        await Region.MeetingAction("asisten-2", meeting.Id, "attendance", new { opd = "dinas-pupr", present = true, representative = "Sekretaris Dinas" });
        await Region.MeetingAction("asisten-2", meeting.Id, "attendance", new { opd = "pdam", present = false });
        await Region.MeetingAction("asisten-2", meeting.Id, $"items/{settled.Id}/outcome",
            new { outcome = "resolved", agreement = "PDAM dan PUPR sepakat berbagi biaya galian." });

        await Region.Post("asisten-2", $"/api/meetings/{meeting.Id}/items/{settled.Id}/outcome", new { outcome = "deferred" }, 409);

        var concluded = await Region.MeetingAction("asisten-2", meeting.Id, "conclude");
        concluded.Agenda.Single(i => i.IssueId == untouched.Id).Outcome.ShouldBe(MeetingOutcome.Deferred);
        (await Region.Issue(settled.Id)).Status.ShouldBe(IssueStatus.Resolved);
        (await Region.History(untouched.Id)).Last().GetProperty("data").GetProperty("outcome").GetString().ShouldBe("deferred");

        var minutes = await (await Region.Host.Scenario(s =>
        {
            s.Get.Url($"/api/meetings/{meeting.Id}/minutes");
            s.WithBearer(Region.Token("opd/dinas-pupr")); // the reporter of both issues: it reads both items
        })).ReadJson();
        minutes.GetProperty("final").GetBoolean().ShouldBeTrue();
        minutes.GetProperty("attendance").EnumerateArray()
            .Select(a => (a.GetProperty("opd").GetString(), a.GetProperty("present").GetBoolean()))
            .ShouldBe([("dinas-pupr", true), ("pdam", false)], ignoreOrder: true);
        minutes.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("outcome").GetString())
            .ShouldBe(["resolved", "deferred"]);

        await Region.Post("asisten-2", $"/api/meetings/{meeting.Id}/conclude", null, 409);
        await Region.Post("asisten-2", $"/api/meetings/{meeting.Id}/attendance", new { opd = "pdam", present = true }, 409);
    }

    [Fact]
    public async Task only_the_office_that_holds_the_meeting_runs_it_and_opds_do_not_schedule()
    {
        await RaisedToAsisten2("tinggi");
        var meeting = await Region.ScheduleMeeting("asisten-2", "dinas-pupr");
        (await (await Region.Post("asisten-1", $"/api/meetings/{meeting.Id}/start", null, 403)).ReadJson()).Rule().ShouldBe("not-holder");
        (await (await Region.Post("opd/dinas-pupr", "/api/meetings",
            new { scheduledAt = "2026-12-01T09:00:00+07:00", place = "Balaikota", invitedOpds = new[] { "pdam" } }, 403)).ReadJson())
            .Rule().ShouldBe("role");
        await Region.Post("asisten-2", "/api/meetings", new { scheduledAt = "besok", place = "", invitedOpds = new[] { "tidak-ada" } }, 400);
    }

    [Fact]
    public async Task an_uninvited_opd_does_not_see_the_meeting_and_anotherRegion_neither()
    {
        var meeting = await Region.ScheduleMeeting("asisten-2", "dinas-pupr");
        await Region.Host.Scenario(s =>
        {
            s.Get.Url($"/api/meetings/{meeting.Id}");
            s.WithBearer(Region.Token("opd/bkpsdm"));
            s.StatusCodeShouldBe(404);
        });
        var other = await App.NewRegionAsync();
        await other.Post("asisten-2", $"/api/meetings/{meeting.Id}/start", null, 404);
    }

    [Fact]
    public async Task the_sekda_holds_sekda_level_meetings()
    {
        var issue = await Region.LogIssueAs("opd/bappeda", TestRegion.AValidIssue("dinas-pupr") with { Category = "anggaran" });
        await Region.Move("opd/bappeda", issue.Id, "escalate", new { justification = "Perlu keputusan Sekda." });
        var meeting = await Region.ScheduleMeeting("sekda", "bappeda", "dinas-pupr");
        meeting.Office.ShouldBe("sekda");
        meeting.Agenda.Select(a => a.IssueId).ShouldBe([issue.Id]);
    }
}
