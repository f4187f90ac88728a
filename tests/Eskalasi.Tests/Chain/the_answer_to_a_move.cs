using System.Text.Json;
using Eskalasi.Issues;
using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.Chain;

/// <summary>
/// A move answers with the issue as it stands after it. The pipeline folds the move's events onto the view it read
/// before, instead of reading back what the inline projection wrote: the two must never differ.
/// </summary>
[Collection(AppCollection.Name)]
public class the_answer_to_a_move(AppFixture app) : InARegion(app)
{
    private async Task AnswerIsStored(IssueDetails answer)
    {
        var stored = await Region.Issue(answer.Id);
        JsonSerializer.Serialize(answer).ShouldBe(JsonSerializer.Serialize(stored));
    }

    [Fact]
    public async Task is_the_issue_as_stored_after_every_kind_of_move()
    {
        var issue = await Region.LogIssueAs("opd/dinas-pupr", TestRegion.AValidIssue("pdam"));
        await AnswerIsStored(await Region.Move("opd/dinas-pupr", issue.Id, "escalate", new { justification = "Butuh koordinasi lintas OPD." }));
        await AnswerIsStored(await Region.Move("asisten-2", issue.Id, "transfer", new { toOffice = "asisten-3", reason = "Urusan umum." }));
        await AnswerIsStored(await Region.Move("asisten-3", issue.Id, "return", new { instruction = "Lengkapi data teknis." }));
        await AnswerIsStored(await Region.Move("opd/dinas-pupr", issue.Id, "escalate", new { justification = "Data sudah lengkap." }));

        await Region.Post("asisten-2", $"/api/issues/{issue.Id}/follow-ups",
            new { ownerOpd = "pdam", description = "Uji tekanan pipa.", dueDate = Region.DueDate() }, 201);
        var withFollowUp = await Region.Issue(issue.Id);
        withFollowUp.FollowUps.ShouldHaveSingleItem().OwnerOpd.ShouldBe("pdam");
        await AnswerIsStored(await Region.Move("opd/pdam", issue.Id, $"follow-ups/{withFollowUp.FollowUps[0].Id}/complete",
            new { outcome = "Tekanan 10 bar, aman." }));

        await Region.HoldMeeting("asisten-2", issue.Id, new { outcome = "escalate" });
        await AnswerIsStored(await Region.Move("asisten-2", issue.Id, "escalate",
            new { reasonCode = "kewenangan", justification = TestRegion.LongJustification }));
        await AnswerIsStored(await Region.Move("sekda", issue.Id, "escalate",
            new { reasonCode = "kebijakan", justification = TestRegion.LongJustification }));
        await AnswerIsStored(await Region.Move("head", issue.Id, "decide",
            new { toLevel = "opd", toOffice = "pdam", decision = "PDAM segera ganti pipa." }));
        await AnswerIsStored(await Region.Move("opd/pdam", issue.Id, "resolve", new { resolution = "Pipa diganti." }));
        await AnswerIsStored(await Region.Move("opd/dinas-pupr", issue.Id, "reopen", new { reason = "Bocor lagi di titik yang sama." }));
    }
}
