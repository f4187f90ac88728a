using Eskalasi.Issues;
using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.Chain;

/// <summary>
/// The head's disposisi may hand an issue to an OPD that had nothing to do with it: from then on that OPD holds it,
/// reads it, finds it in its lists and may resolve it; the reporter may no longer withdraw it.
/// </summary>
[Collection(AppCollection.Name)]
public class an_opd_holding_an_issue_through_a_disposisi(AppFixture app) : InARegion(app)
{
    [Fact]
    public async Task it_sees_and_settles_what_it_was_handed_and_nothing_before()
    {
        var issue = await Region.LogIssueAs("opd/dinas-pupr");
        await Region.Move("opd/dinas-pupr", issue.Id, "escalate", new { justification = "Butuh koordinasi lintas OPD." });
        await Region.HoldMeeting("asisten-2", issue.Id, new { outcome = "escalate" });
        await Region.Move("asisten-2", issue.Id, "escalate", new { reasonCode = "anggaran-apbd", justification = TestRegion.LongJustification });
        await Region.Move("sekda", issue.Id, "escalate", new { reasonCode = "kebijakan", justification = TestRegion.LongJustification });

        await Region.Post("opd/dinas-perhubungan", $"/api/issues/{issue.Id}/notes", new { text = "Boleh kami bantu?" }, 404);

        var decided = await Region.Move("head", issue.Id, "decide",
            new { toLevel = "opd", toOffice = "dinas-perhubungan", decision = "Dishub atur pengalihan lalu lintas dan perbaiki jalan." });
        (decided.Level, decided.Holder).ShouldBe((IssueLevel.Opd, "dinas-perhubungan"));

        (await Region.Issue(issue.Id, "opd/dinas-perhubungan")).Holder.ShouldBe("dinas-perhubungan");
        var list = await (await Region.Host.Scenario(s =>
        {
            s.Get.Url("/api/issues?status=open");
            s.WithBearer(Region.Token("opd/dinas-perhubungan"));
        })).ReadJson();
        list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ShouldContain(issue.Id);

        await Region.Refused("opd/dinas-pupr", issue.Id, "withdraw", new { reason = "Sudah tidak perlu." }, 409, "wrong-level");
        var resolved = await Region.Move("opd/dinas-perhubungan", issue.Id, "resolve", new { resolution = "Jalan diperbaiki, lalu lintas normal." });
        resolved.Status.ShouldBe(IssueStatus.Resolved);
    }
}

/// <summary>The Sekda may close any open issue of the region as a duplicate of another open one; its follow-ups are cancelled.</summary>
[Collection(AppCollection.Name)]
public class the_sekda_marks_a_duplicate(AppFixture app) : InARegion(app)
{
    [Fact]
    public async Task wherever_the_issue_is_and_its_open_follow_ups_are_cancelled()
    {
        var original = await Region.LogIssueAs("opd/dinas-pupr");
        var again = await Region.LogIssueAs("opd/pdam", TestRegion.AValidIssue("dinas-pupr"));
        await Region.Move("opd/pdam", again.Id, "escalate", new { justification = "Butuh koordinasi." });
        var dueDate = DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime).AddDays(14).ToString("yyyy-MM-dd");
        await Region.Post("asisten-2", $"/api/issues/{again.Id}/follow-ups", new { ownerOpd = "pdam", description = "Cek debit.", dueDate }, 201);

        await Region.Refused("asisten-1", again.Id, "mark-duplicate", new { duplicateOf = original.Id }, 403, "not-holder");
        await Region.Refused("sekda", again.Id, "mark-duplicate", new { duplicateOf = again.Id }, 422, "duplicate-target");
        var marked = await Region.Move("sekda", again.Id, "mark-duplicate", new { duplicateOf = original.Id });
        marked.Status.ShouldBe(IssueStatus.Duplicate);
        marked.DuplicateOf.ShouldBe(original.Id);
        marked.FollowUps.Single().Status.ShouldBe(FollowUpStatus.Cancelled);
        (await Region.History(again.Id)).Select(e => e.GetProperty("type").GetString()).TakeLast(2)
            .ShouldBe(["FollowUpCancelled", "IssueMarkedDuplicate"]);
    }
}
