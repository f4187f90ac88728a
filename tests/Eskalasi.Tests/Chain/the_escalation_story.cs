using Eskalasi.Issues;
using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.Chain;

/// <summary>An issue the Asisten cannot settle climbs to the head, who decides it back down with a disposisi.</summary>
[Collection(AppCollection.Name)]
public class the_escalation_story(AppFixture app)
{
    [Fact]
    public async Task the_rule_holds_it_back_until_a_meeting_and_a_proper_justification_then_it_climbs_and_comes_back()
    {
        var region = await app.NewRegionAsync("kota-payakumbuh");
        var issue = await region.LogIssueAs("opd/dinas-pupr");
        await region.Move("opd/dinas-pupr", issue.Id, "escalate", new { justification = "Butuh koordinasi lintas OPD." });

        await region.Refused("asisten-2", issue.Id, "escalate",
            new { reasonCode = "anggaran-apbd", justification = TestRegion.LongJustification }, 422, "assistant-first.meeting");

        await region.HoldMeeting("asisten-2", issue.Id, new { outcome = "escalate" }, "dinas-pupr", "pdam");

        await region.Refused("asisten-2", issue.Id, "escalate",
            new { reasonCode = "anggaran-apbd", justification = "Butuh dana." }, 422, "assistant-first.justification");

        var atSekda = await region.Move("asisten-2", issue.Id, "escalate",
            new { reasonCode = "anggaran-apbd", justification = TestRegion.LongJustification });
        atSekda.Level.ShouldBe(IssueLevel.Sekda);
        atSekda.Holder.ShouldBe("sekda");

        var atHead = await region.Move("sekda", issue.Id, "escalate",
            new { reasonCode = "anggaran-apbd", justification = "Pergeseran APBD perlu persetujuan Wali Kota." });
        atHead.Level.ShouldBe(IssueLevel.Bupati);
        atHead.Holder.ShouldBe("head");

        var decided = await region.Move("head", issue.Id, "decide",
            new { toLevel = "asisten", toOffice = "asisten-2", decision = "Setujui pergeseran anggaran; Asisten II tuntaskan bersama PDAM." });
        decided.Level.ShouldBe(IssueLevel.Asisten);
        decided.Holder.ShouldBe("asisten-2");

        var resolved = await region.Move("asisten-2", issue.Id, "resolve", new { resolution = "Dana digeser; pipa diganti." });
        resolved.Status.ShouldBe(IssueStatus.Resolved);

        var types = (await region.History(issue.Id)).Select(h => h.GetProperty("type").GetString()).ToList();
        types.ShouldBe(["IssueLogged", "IssueEscalated", "IssueDiscussedInMeeting", "IssueEscalated", "IssueEscalated", "DecisionMade", "IssueResolved"]);
    }

    [Fact]
    public async Task a_deferred_outcome_does_not_count_as_a_meeting()
    {
        var region = await app.NewRegionAsync("kota-payakumbuh");
        var issue = await region.LogIssueAs("opd/dinas-pupr");
        await region.Move("opd/dinas-pupr", issue.Id, "escalate", new { justification = "Butuh koordinasi lintas OPD." });
        await region.HoldMeeting("asisten-2", issue.Id, new { outcome = "deferred" });

        await region.Refused("asisten-2", issue.Id, "escalate",
            new { reasonCode = "kewenangan", justification = TestRegion.LongJustification }, 422, "assistant-first.meeting");
    }

    [Fact]
    public async Task a_meeting_at_another_office_does_not_count_after_a_transfer()
    {
        var region = await app.NewRegionAsync("kota-payakumbuh");
        var issue = await region.LogIssueAs("opd/dinas-pupr");
        await region.Move("opd/dinas-pupr", issue.Id, "escalate", new { justification = "Butuh koordinasi lintas OPD." });
        await region.HoldMeeting("asisten-2", issue.Id, new { outcome = "escalate" });
        await region.Move("asisten-2", issue.Id, "transfer", new { toOffice = "asisten-1", reason = "Menyangkut ketertiban umum." });

        await region.Refused("asisten-1", issue.Id, "escalate",
            new { reasonCode = "lintas-asisten", justification = TestRegion.LongJustification }, 422, "assistant-first.meeting");
    }

    [Fact]
    public async Task a_missing_reason_code_is_the_rules_422()
    {
        var region = await app.NewRegionAsync("kota-payakumbuh");
        var issue = await region.LogIssueAs("opd/dinas-pupr");
        await region.Move("opd/dinas-pupr", issue.Id, "escalate", new { justification = "Butuh koordinasi lintas OPD." });
        await region.HoldMeeting("asisten-2", issue.Id, new { outcome = "escalate" });

        await region.Refused("asisten-2", issue.Id, "escalate",
            new { reasonCode = "tidak-suka", justification = TestRegion.LongJustification }, 422, "assistant-first.reason");
        await region.Refused("asisten-2", issue.Id, "escalate",
            new { justification = TestRegion.LongJustification }, 422, "assistant-first.reason");
    }

    [Fact]
    public async Task a_darurat_issue_is_escalated_without_a_meeting_and_flagged_as_an_emergency_skip()
    {
        var region = await app.NewRegionAsync("kab-buleleng");
        var issue = await region.LogIssueAs("opd/bpbd", TestRegion.AValidIssue("damkar") with { Category = "kebencanaan", Urgency = "darurat" });
        await region.Move("opd/bpbd", issue.Id, "escalate", new { justification = "Longsor menutup jalan desa Mengening." });

        var atSekda = await region.Move("asisten-1", issue.Id, "escalate",
            new { reasonCode = "anggaran-apbd", justification = "Butuh dana belanja tidak terduga untuk alat berat." });
        atSekda.Level.ShouldBe(IssueLevel.Sekda);

        var escalation = (await region.History(issue.Id)).Last();
        escalation.GetProperty("data").GetProperty("meetingWaived").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task the_sekda_needs_a_head_escalation_reason_and_justification()
    {
        var region = await app.NewRegionAsync("kota-payakumbuh");
        var issue = await region.LogIssueAs("opd/inspektorat", TestRegion.AValidIssue("bpkad") with { Category = "anggaran" });
        var atSekda = await region.Move("opd/inspektorat", issue.Id, "escalate", new { justification = "Temuan BPK perlu keputusan Sekda." });
        atSekda.Level.ShouldBe(IssueLevel.Sekda, "an OPD the Sekda coordinates raises straight to it — not a skip");

        await region.Refused("sekda", issue.Id, "escalate", new { reasonCode = "kewenangan", justification = TestRegion.LongJustification },
            422, "head-escalation.reason");
        await region.Refused("sekda", issue.Id, "escalate", new { reasonCode = "risiko-hukum", justification = "Pendek." },
            422, "head-escalation.justification");
    }
}
