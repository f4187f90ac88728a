using Eskalasi.Issues;
using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.Meetings;

/// <summary>docs/domain.md "Series": the head may convene a rakor for the issues at its level, as Buleleng's Pj Bupati does with all OPDs.</summary>
[Collection(AppCollection.Name)]
public sealed class the_head_convenes_a_rakor(AppFixture app) : InARegion(app)
{
    [Fact]
    public async Task the_head_schedules_a_rakor_for_its_issues_and_settles_them_there_but_cannot_escalate_further()
    {
        var issue = await Region.LogIssueAs("opd/dinas-pupr", TestRegion.AValidIssue("pdam"));
        await Region.Move("opd/dinas-pupr", issue.Id, "escalate", new { justification = "Butuh koordinasi." });
        await Region.HoldMeeting("asisten-2", issue.Id, new { outcome = "escalate" });
        await Region.Move("asisten-2", issue.Id, "escalate", new { reasonCode = "anggaran-apbd", justification = TestRegion.LongJustification });
        await Region.Move("sekda", issue.Id, "escalate", new { reasonCode = "kebijakan", justification = TestRegion.LongJustification });
        (await Region.Issue(issue.Id)).Level.ShouldBe(IssueLevel.Bupati);

        var meeting = await Region.ScheduleMeeting("head", "dinas-pupr", "pdam", "dinas-perkim", "bappeda", "bpkad");
        meeting.Office.ShouldBe("head");
        meeting.Agenda.Select(a => a.IssueId).ShouldContain(issue.Id);
        await Region.Post("asisten-2", $"/api/meetings/{meeting.Id}/start", null, 403);
        await Region.MeetingAction("head", meeting.Id, "start");

        var refused = await (await Region.Post("head", $"/api/meetings/{meeting.Id}/items/{issue.Id}/outcome", new { outcome = "escalate" }, 422)).ReadJson();
        refused.GetProperty("rule").GetString().ShouldBe("no-level-above");
        await Region.MeetingAction("head", meeting.Id, $"items/{issue.Id}/outcome", new
        {
            outcome = "follow-up", agreement = "Anggaran perubahan untuk penggantian pipa.",
            followUps = new[] { new { ownerOpd = "bpkad", description = "Siapkan pergeseran anggaran.", dueDate = Region.DueDate(14) } },
        });
        await Region.MeetingAction("head", meeting.Id, "conclude");

        var after = await Region.Issue(issue.Id);
        after.FollowUps.Single().AssignedBy.ShouldBe("head");
        after.FollowUps.Single().MeetingId.ShouldBe(meeting.Id);
    }
}
