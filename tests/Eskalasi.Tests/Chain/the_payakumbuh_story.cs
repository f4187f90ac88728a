using Eskalasi.Issues;
using Eskalasi.Meetings;
using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.Chain;

/// <summary>
/// The story the product exists for (seeds/001): a broken main water pipe that needs PDAM and Dinas Perkim is
/// settled by Asisten II in a rakor and never reaches the Sekda.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class the_payakumbuh_story(AppFixture app)
{
    [Fact]
    public async Task asisten_2_settles_the_broken_pipe_in_a_rakor_without_the_sekda()
    {
        var region = await app.NewRegionAsync("kota-payakumbuh");
        var issue = await region.LogIssueAs("opd/dinas-pupr", TestRegion.AValidIssue("pdam", "dinas-perkim"));

        var raised = await region.Move("opd/dinas-pupr", issue.Id, "escalate",
            new { justification = "Perbaikan pipa induk butuh PDAM dan Perkim sekaligus." });
        raised.Level.ShouldBe(IssueLevel.Asisten);
        raised.Holder.ShouldBe("asisten-2");

        var meeting = await region.ScheduleMeeting("asisten-2", "dinas-pupr", "pdam", "dinas-perkim");
        meeting.Office.ShouldBe("asisten-2");
        meeting.Agenda.Select(a => a.IssueId).ShouldBe([issue.Id]);

        await region.MeetingAction("asisten-2", meeting.Id, "start");
        foreach (var opd in new[] { "dinas-pupr", "pdam", "dinas-perkim" })
            await region.MeetingAction("asisten-2", meeting.Id, "attendance", new { opd, present = true, representative = "Kabid " + opd });

        var due = DateOnly.FromDateTime(app.Clock.GetUtcNow().AddHours(7).Date).AddDays(14).ToString("yyyy-MM-dd");
        await region.MeetingAction("asisten-2", meeting.Id, $"items/{issue.Id}/outcome", new
        {
            outcome = "follow-up",
            followUps = new[] { new { ownerOpd = "pdam", description = "Ganti 40 m pipa transmisi dan uji tekanan.", dueDate = due } },
        });
        var concluded = await region.MeetingAction("asisten-2", meeting.Id, "conclude");
        concluded.Status.ShouldBe(MeetingStatus.Concluded);

        var withFollowUp = await region.Issue(issue.Id, "opd/pdam");
        var followUp = withFollowUp.FollowUps.ShouldHaveSingleItem();
        followUp.OwnerOpd.ShouldBe("pdam");
        followUp.DueDate.ToString("yyyy-MM-dd").ShouldBe(due);
        withFollowUp.Meetings.ShouldBe([meeting.Id]);

        await region.Move("opd/pdam", issue.Id, $"follow-ups/{followUp.Id}/complete",
            new { outcome = "Pipa diganti dan diuji 10 bar; aliran pulih." });
        var resolved = await region.Move("asisten-2", issue.Id, "resolve",
            new { resolution = "Pipa induk diganti PDAM; jalan dipulihkan PUPR." });

        resolved.Status.ShouldBe(IssueStatus.Resolved);
        resolved.Level.ShouldBe(IssueLevel.Asisten);

        var history = await region.History(issue.Id);
        history.Select(h => h.GetProperty("type").GetString()).ShouldBe(
            ["IssueLogged", "IssueEscalated", "IssueDiscussedInMeeting", "FollowUpAssigned", "FollowUpCompleted", "IssueResolved"]);
        history.Select(h => h.GetProperty("actor").GetProperty("user").GetString()).ShouldBe(
        [
            $"{region.Code}/opd/dinas-pupr", $"{region.Code}/opd/dinas-pupr", $"{region.Code}/asisten-2",
            $"{region.Code}/asisten-2", $"{region.Code}/opd/pdam", $"{region.Code}/asisten-2",
        ]);
        history.ShouldAllBe(h => h.GetProperty("data").ToString().Contains("sekda") == false, "the issue never reached the Sekda");

        var minutes = await region.Host.Scenario(s =>
        {
            s.Get.Url($"/api/meetings/{meeting.Id}/minutes");
            s.WithBearer(region.Token("sekda"));
            s.WithRequestHeader("Accept", "text/html");
        });
        var html = await minutes.ReadAsTextAsync();
        html.ShouldContain("Notulen Rapat");
        html.ShouldContain(issue.Number);
        html.ShouldContain("Tindak lanjut");
    }
}
