using Eskalasi.Issues;
using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.Chain;

/// <summary>docs/domain.md "Moves" (return): one step back down, to the last holder below the current level.</summary>
[Collection(AppCollection.Name)]
public class returns_land_where_the_domain_says(AppFixture app) : InARegion(app)
{
    private static readonly object Instruction = new { instruction = "Lengkapi data teknis dan koordinasikan dahulu." };

    private async Task<IssueDetails> RaisedToAsisten2(string urgency = "tinggi")
    {
        var issue = await Region.LogIssueAs("opd/dinas-pupr", TestRegion.AValidIssue() with { Urgency = urgency });
        return await Region.Move("opd/dinas-pupr", issue.Id, "escalate", new { justification = "Butuh koordinasi lintas OPD." });
    }

    private async Task<IssueDetails> AtSekdaFromAsisten2()
    {
        var issue = await RaisedToAsisten2();
        await Region.HoldMeeting("asisten-2", issue.Id, new { outcome = "escalate" });
        return await Region.Move("asisten-2", issue.Id, "escalate", new { reasonCode = "kewenangan", justification = TestRegion.LongJustification });
    }

    [Fact]
    public async Task after_a_raise_the_asisten_returns_it_to_the_opd_that_raised_it()
    {
        var returned = await Region.Move("asisten-2", (await RaisedToAsisten2()).Id, "return", Instruction);
        (returned.Level, returned.Holder).ShouldBe((IssueLevel.Opd, "dinas-pupr"));
    }

    [Fact]
    public async Task after_a_transfer_the_new_asisten_returns_it_to_the_opd_that_raised_it()
    {
        var issue = await RaisedToAsisten2();
        await Region.Move("asisten-2", issue.Id, "transfer", new { toOffice = "asisten-3", reason = "Urusan umum." });
        var returned = await Region.Move("asisten-3", issue.Id, "return", Instruction);
        (returned.Level, returned.Holder).ShouldBe((IssueLevel.Opd, "dinas-pupr"));
    }

    [Fact]
    public async Task after_a_sekda_escalation_the_head_returns_it_to_the_sekda_and_the_sekda_to_the_asisten()
    {
        var issue = await AtSekdaFromAsisten2();
        await Region.Move("sekda", issue.Id, "escalate", new { reasonCode = "kebijakan", justification = TestRegion.LongJustification });
        var atSekda = await Region.Move("head", issue.Id, "return", Instruction);
        (atSekda.Level, atSekda.Holder).ShouldBe((IssueLevel.Sekda, "sekda"));
        var atAsisten = await Region.Move("sekda", issue.Id, "return", Instruction);
        (atAsisten.Level, atAsisten.Holder).ShouldBe((IssueLevel.Asisten, "asisten-2"));
    }

    [Fact]
    public async Task after_an_emergency_raise_the_sekda_returns_it_to_the_opd_that_raised_it()
    {
        var issue = await Region.LogIssueAs("opd/dinas-pupr", TestRegion.AValidIssue() with { Urgency = "darurat" });
        var raised = await Region.Move("opd/dinas-pupr", issue.Id, "emergency-escalate", new { justification = "Banjir bandang." });
        (raised.Level, raised.Holder).ShouldBe((IssueLevel.Sekda, "sekda"));
        var returned = await Region.Move("sekda", issue.Id, "return", Instruction);
        (returned.Level, returned.Holder).ShouldBe((IssueLevel.Opd, "dinas-pupr"));
    }

    [Fact]
    public async Task after_a_decision_to_an_asisten_it_returns_to_the_opd_that_raised_it()
    {
        var issue = await AtSekdaFromAsisten2();
        await Region.Move("sekda", issue.Id, "escalate", new { reasonCode = "kebijakan", justification = TestRegion.LongJustification });
        await Region.Move("head", issue.Id, "decide", new { toLevel = "asisten", toOffice = "asisten-1", decision = "Asisten I tangani." });
        var returned = await Region.Move("asisten-1", issue.Id, "return", Instruction);
        (returned.Level, returned.Holder).ShouldBe((IssueLevel.Opd, "dinas-pupr"));
    }

    [Fact]
    public async Task after_a_decision_to_an_opd_the_named_opd_holds_it()
    {
        var issue = await AtSekdaFromAsisten2();
        await Region.Move("sekda", issue.Id, "escalate", new { reasonCode = "kebijakan", justification = TestRegion.LongJustification });
        await Region.Refused("head", issue.Id, "decide", new { toLevel = "opd", toOffice = "tidak-ada", decision = "?" }, 422, "unknown-office");
        var decided = await Region.Move("head", issue.Id, "decide", new { toLevel = "opd", toOffice = "pdam", decision = "PDAM segera ganti pipa." });
        (decided.Level, decided.Holder).ShouldBe((IssueLevel.Opd, "pdam"));
        (await Region.Move("opd/pdam", issue.Id, "resolve", new { resolution = "Pipa diganti." })).Status.ShouldBe(IssueStatus.Resolved);
    }

    [Fact]
    public async Task nothing_returns_from_opd_level() =>
        await Region.Refused("opd/dinas-pupr", (await Region.LogIssueAs("opd/dinas-pupr")).Id, "return", Instruction, 409, "wrong-level");
}
