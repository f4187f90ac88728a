using System.Text.Json;
using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.Oversight;

/// <summary>
/// docs/domain.md "Views" (escalation audit, Sekda queue): each escalation from an Asisten names the rakor that
/// satisfied the assistant-first rule, with when it was held, its outcome and which of the issue's involved OPDs were
/// present; an escalation whose rakor had none of them present is flagged for the Sekda. The rule itself is unchanged.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class a_real_rakor_or_a_paper_one(AppFixture app) : InARegion(app)
{
    private async Task<JsonElement> Get(string account, string url) =>
        await (await Region.Host.Scenario(s => { s.Get.Url(url); s.WithBearer(Region.Token(account)); })).ReadJson();

    /// <summary>An issue of Dinas PUPR with PDAM, discussed in a rakor of Asisten II attended by <paramref name="present"/>, escalated to the Sekda.</summary>
    private async Task<(Guid Issue, Guid Meeting)> EscalatedAfterARakorAttendedBy(params string[] present)
    {
        var issue = await Region.LogIssueAs("opd/dinas-pupr", TestRegion.AValidIssue("pdam"));
        await Region.Move("opd/dinas-pupr", issue.Id, "escalate", new { justification = "Butuh koordinasi." });
        var meeting = await Region.ScheduleMeeting("asisten-2", "dinas-pupr", "pdam", "dinas-perkim");
        await Region.MeetingAction("asisten-2", meeting.Id, "start");
        foreach (var opd in new[] { "dinas-pupr", "pdam", "dinas-perkim" })
            await Region.MeetingAction("asisten-2", meeting.Id, "attendance", new { opd, present = present.Contains(opd) });
        await Region.MeetingAction("asisten-2", meeting.Id, $"items/{issue.Id}/outcome", new { outcome = "escalate" });
        await Region.MeetingAction("asisten-2", meeting.Id, "conclude");
        await Region.Move("asisten-2", issue.Id, "escalate", new { reasonCode = "anggaran-apbd", justification = TestRegion.LongJustification });
        return (issue.Id, meeting.Id);
    }

    private async Task<JsonElement> AuditRow(Guid issue) =>
        (await Get("sekda", "/api/audit/escalations?pageSize=100")).GetProperty("items").EnumerateArray()
            .Single(r => r.GetProperty("issueId").GetGuid() == issue && r.GetProperty("fromLevel").GetString() == "asisten");

    private async Task<JsonElement> QueueRow(Guid issue) =>
        (await Get("sekda", "/api/sekda/queue")).GetProperty("items").EnumerateArray().Single(r => r.GetProperty("issueId").GetGuid() == issue);

    [Fact]
    public async Task a_rakor_that_none_of_the_involved_opds_attended_is_flagged()
    {
        var (issue, meeting) = await EscalatedAfterARakorAttendedBy("dinas-perkim"); // present, but not party to the issue

        var row = await AuditRow(issue);
        var held = row.GetProperty("qualifyingMeetings").EnumerateArray().ShouldHaveSingleItem();
        held.GetProperty("meetingId").GetGuid().ShouldBe(meeting);
        held.GetProperty("outcome").GetString().ShouldBe("escalate");
        held.GetProperty("involvedOpdsPresent").GetArrayLength().ShouldBe(0);
        held.TryGetProperty("heldAt", out _).ShouldBeTrue();
        row.GetProperty("rakorWithoutInvolvedOpds").GetBoolean().ShouldBeTrue();
        (await QueueRow(issue)).GetProperty("rakorWithoutInvolvedOpds").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task a_rakor_with_an_involved_opd_present_names_it_and_is_not_flagged()
    {
        var (issue, meeting) = await EscalatedAfterARakorAttendedBy("pdam", "dinas-perkim");

        var row = await AuditRow(issue);
        var held = row.GetProperty("qualifyingMeetings").EnumerateArray().ShouldHaveSingleItem();
        held.GetProperty("meetingId").GetGuid().ShouldBe(meeting);
        held.GetProperty("involvedOpdsPresent").EnumerateArray().Select(o => o.GetString()).ShouldBe(["pdam"]);
        row.GetProperty("rakorWithoutInvolvedOpds").GetBoolean().ShouldBeFalse();
        var queued = await QueueRow(issue);
        queued.GetProperty("rakorWithoutInvolvedOpds").GetBoolean().ShouldBeFalse();
        queued.GetProperty("qualifyingMeetings")[0].GetProperty("meetingId").GetGuid().ShouldBe(meeting);
    }

    [Fact]
    public async Task an_emergency_skip_and_a_raise_from_an_opd_name_no_rakor()
    {
        var issue = await Region.LogIssueAs("opd/dinas-pupr", TestRegion.AValidIssue("pdam") with { Urgency = "darurat" });
        await Region.Move("opd/dinas-pupr", issue.Id, "escalate", new { justification = "Butuh koordinasi." });
        await Region.Move("asisten-2", issue.Id, "escalate", new { reasonCode = "anggaran-apbd", justification = TestRegion.LongJustification });

        var rows = (await Get("sekda", "/api/audit/escalations?pageSize=100")).GetProperty("items").EnumerateArray()
            .Where(r => r.GetProperty("issueId").GetGuid() == issue.Id).ToList();
        rows.Count.ShouldBe(2);
        rows.ShouldAllBe(r => r.GetProperty("qualifyingMeetings").GetArrayLength() == 0 && !r.GetProperty("rakorWithoutInvolvedOpds").GetBoolean());
        (await QueueRow(issue.Id)).GetProperty("emergencySkip").GetBoolean().ShouldBeTrue();
    }
}
