using Eskalasi.Identity;
using Eskalasi.Issues;
using Eskalasi.Issues.Deciding;
using Eskalasi.Issues.Escalating;
using Eskalasi.Issues.Moves;
using Eskalasi.Issues.Reopening;
using Eskalasi.Issues.Resolving;
using Eskalasi.Issues.Returning;
using Eskalasi.Issues.Transferring;
using Eskalasi.Issues.Withdrawing;
using Eskalasi.Meetings;
using Eskalasi.Meetings.Running;
using Eskalasi.Organisation;

namespace Eskalasi.Tests.Decisions;

/// <summary>The decision functions called directly: no host, no database, no clock.</summary>
public sealed class the_rules_as_pure_decisions
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 3, 0, 0, TimeSpan.Zero);
    private static readonly Guid MeetingId = Guid.NewGuid();

    private static readonly RegionOrganisation Region = new("kota-x", "Kota X", "kota", "Asia/Jakarta", "KX",
        [new Office("sekda", "Setda", "sekda"), new Office("head", "Wali Kota", "head"),
         new Office("asisten-1", "Asisten I", "asisten"), new Office("asisten-2", "Asisten II", "asisten")],
        [new Opd("dinas-pupr", "PUPR", "dinas", "asisten-2"), new Opd("pdam", "PDAM", "bumd-partner", "asisten-2"),
         new Opd("bappeda", "Bappeda", "badan", "sekda")],
        ["infrastruktur"], new DwellTargets());

    private static MoveContext As(string role, string? office) => new(new Actor($"kota-x/{office ?? role}", role, office), Region, Now);

    private static readonly MoveContext Asisten2 = As(Roles.Asisten, "asisten-2");

    private static Issue Logged(Urgency urgency = Urgency.Tinggi, string opd = "dinas-pupr") =>
        Issue.Create(new IssueLogged(Guid.NewGuid(), "KX-2026-00001", "kota-x", "t", "d", "infrastruktur", new Location("x"),
            urgency, opd, ["pdam"], Now, As(Roles.OpdOfficer, opd).Actor, Now.AddDays(-3)));

    private static Issue AtAsisten2(Urgency urgency = Urgency.Tinggi) =>
        Logged(urgency).Apply(new IssueEscalated(Guid.Empty, IssueLevel.Opd, "dinas-pupr", IssueLevel.Asisten, "asisten-2", null, "j", 0, false,
            As(Roles.OpdOfficer, "dinas-pupr").Actor, Now.AddDays(-2)));

    private static Issue Discussed(Issue issue, MeetingOutcome outcome, string office = "asisten-2") =>
        issue.Apply(new IssueDiscussedInMeeting(issue.Id, MeetingId, office, outcome, null, Asisten2.Actor, Now.AddDays(-1)));

    private static readonly EscalateIssue ProperEscalation = new("anggaran-apbd", "Butuh pergeseran anggaran APBD untuk pipa baru.");

    [Fact]
    public void the_assistant_first_rule_refuses_without_a_meeting() =>
        Escalate.Decide(ProperEscalation, AtAsisten2(), Asisten2).Refused!.Rule.ShouldBe("assistant-first.meeting");

    [Theory]
    [InlineData(MeetingOutcome.Deferred, "assistant-first.meeting")]
    [InlineData(MeetingOutcome.Escalate, null)]
    [InlineData(MeetingOutcome.FollowUp, null)]
    public void only_an_outcome_other_than_deferred_counts(MeetingOutcome outcome, string? rule) =>
        (Escalate.Decide(ProperEscalation, Discussed(AtAsisten2(), outcome), Asisten2).Refused?.Rule).ShouldBe(rule);

    [Fact]
    public void a_meeting_of_another_office_does_not_count() =>
        Escalate.Decide(ProperEscalation, Discussed(AtAsisten2(), MeetingOutcome.Escalate, "asisten-1"), Asisten2).Refused!.Rule
            .ShouldBe("assistant-first.meeting");

    [Fact]
    public void arrival_at_another_office_starts_afresh()
    {
        var issue = Discussed(AtAsisten2(), MeetingOutcome.Escalate)
            .Apply(new IssueTransferred(Guid.Empty, "asisten-2", "asisten-1", "r", Asisten2.Actor, Now))
            .Apply(new IssueTransferred(Guid.Empty, "asisten-1", "asisten-2", "r", Asisten2.Actor, Now));
        Escalate.Decide(ProperEscalation, issue, Asisten2).Refused!.Rule.ShouldBe("assistant-first.meeting");
    }

    [Theory]
    [InlineData(null, "Butuh pergeseran anggaran APBD untuk pipa baru.", "assistant-first.reason")]
    [InlineData("kebijakan", "Butuh pergeseran anggaran APBD untuk pipa baru.", "assistant-first.reason")]
    [InlineData("regulasi", "Terlalu pendek.", "assistant-first.justification")]
    [InlineData("regulasi", "                              a", "assistant-first.justification")]
    public void reason_and_justification_are_conditions_2_and_3(string? reason, string justification, string rule) =>
        Escalate.Decide(new EscalateIssue(reason, justification), Discussed(AtAsisten2(), MeetingOutcome.Escalate), Asisten2)
            .Refused!.Rule.ShouldBe(rule);

    [Fact]
    public void a_darurat_issue_waives_the_meeting_and_is_flagged()
    {
        var decision = Escalate.Decide(ProperEscalation, AtAsisten2(Urgency.Darurat), Asisten2);
        decision.Refused.ShouldBeNull();
        var escalated = decision.Events.OfType<IssueEscalated>().Single();
        escalated.MeetingWaived.ShouldBeTrue();
        (escalated.ToLevel, escalated.ToHolder).ShouldBe((IssueLevel.Sekda, "sekda"));
    }

    [Fact]
    public void a_darurat_issue_still_needs_reason_and_justification() =>
        Escalate.Decide(new EscalateIssue("regulasi", "pendek"), AtAsisten2(Urgency.Darurat), Asisten2).Refused!.Rule
            .ShouldBe("assistant-first.justification");

    [Fact]
    public void an_escalation_that_holds_records_how_many_meetings_discussed_it()
    {
        var issue = Discussed(Discussed(AtAsisten2(), MeetingOutcome.Deferred), MeetingOutcome.Escalate);
        var escalated = Escalate.Decide(ProperEscalation, issue, Asisten2).Events.OfType<IssueEscalated>().Single();
        escalated.MeetingWaived.ShouldBeFalse();
        escalated.MeetingsBefore.ShouldBe(1); // both outcomes came from one meeting id
    }

    [Fact]
    public void an_opd_the_sekda_coordinates_raises_straight_to_the_sekda()
    {
        var e = Escalate.Decide(new EscalateIssue(null, "Perlu Sekda."), Logged(opd: "bappeda"), As(Roles.OpdOfficer, "bappeda"))
            .Events.OfType<IssueEscalated>().Single();
        (e.ToLevel, e.ToHolder).ShouldBe((IssueLevel.Sekda, "sekda"));
    }

    [Fact]
    public void the_head_has_nowhere_higher_to_go()
    {
        var atHead = AtAsisten2().Apply(new IssueEscalated(Guid.Empty, IssueLevel.Sekda, "sekda", IssueLevel.Bupati, "head", "kebijakan", "j", 0, false, Asisten2.Actor, Now));
        Escalate.Decide(ProperEscalation, atHead, As(Roles.Bupati, "head")).Refused!.Rule.ShouldBe("wrong-level");
    }

    [Fact]
    public void a_return_goes_to_the_last_holder_below()
    {
        var e = Return.Decide(new ReturnIssue("Lengkapi."), AtAsisten2(), Asisten2).Events.OfType<IssueReturned>().Single();
        (e.ToLevel, e.ToHolder).ShouldBe((IssueLevel.Opd, "dinas-pupr"));
    }

    [Fact]
    public void a_transfer_must_name_another_asisten_office()
    {
        Transfer.Decide(new TransferIssue("sekda", "r"), AtAsisten2(), Asisten2).Refused!.Rule.ShouldBe("unknown-office");
        Transfer.Decide(new TransferIssue("asisten-1", "r"), AtAsisten2(), Asisten2).Refused.ShouldBeNull();
    }

    [Fact]
    public void the_reopen_window_is_30_days()
    {
        var resolved = AtAsisten2().Apply(new IssueResolved(Guid.Empty, IssueLevel.Asisten, "asisten-2", "r", null, Asisten2.Actor, Now.AddDays(-30)));
        var reporter = As(Roles.OpdOfficer, "dinas-pupr");
        Reopen.Decide(new ReopenIssue("bocor"), resolved, reporter).Refused.ShouldBeNull();
        Reopen.Decide(new ReopenIssue("bocor"), resolved, reporter with { Now = Now.AddMinutes(1) }).Refused!.Rule.ShouldBe("reopen-window");
    }

    [Fact]
    public void withdrawing_is_only_while_at_opd_level() =>
        Withdraw.Decide(new WithdrawIssue("x"), AtAsisten2(), As(Roles.OpdOfficer, "dinas-pupr")).Refused!.Rule.ShouldBe("wrong-level");

    [Fact]
    public void a_returned_issue_may_no_longer_be_withdrawn()
    {
        var returned = AtAsisten2().Apply(new IssueReturned(Guid.Empty, IssueLevel.Asisten, "asisten-2", IssueLevel.Opd, "dinas-pupr",
            "Selesaikan di OPD.", Asisten2.Actor, Now));
        returned.Level.ShouldBe(IssueLevel.Opd);
        Withdraw.Decide(new WithdrawIssue("x"), returned, As(Roles.OpdOfficer, "dinas-pupr")).Refused!.Rule.ShouldBe("wrong-level");
    }

    [Fact]
    public void an_issue_held_by_another_opd_through_a_disposisi_may_not_be_withdrawn()
    {
        var atHead = AtAsisten2()
            .Apply(new IssueEscalated(Guid.Empty, IssueLevel.Asisten, "asisten-2", IssueLevel.Sekda, "sekda", "regulasi", "j", 1, false, Asisten2.Actor, Now))
            .Apply(new IssueEscalated(Guid.Empty, IssueLevel.Sekda, "sekda", IssueLevel.Bupati, "head", "kebijakan", "j", 1, false, As(Roles.Sekda, "sekda").Actor, Now));
        var atPdam = atHead.Apply(new DecisionMade(Guid.Empty, IssueLevel.Opd, "pdam", "PDAM laksanakan.", As(Roles.Bupati, "head").Actor, Now));
        Withdraw.Decide(new WithdrawIssue("x"), atPdam, As(Roles.OpdOfficer, "dinas-pupr")).Refused!.Rule.ShouldBe("wrong-level");
        var backToReporter = atHead.Apply(new DecisionMade(Guid.Empty, IssueLevel.Opd, "dinas-pupr", "Laksanakan.", As(Roles.Bupati, "head").Actor, Now));
        Withdraw.Decide(new WithdrawIssue("x"), backToReporter, As(Roles.OpdOfficer, "dinas-pupr")).Refused!.Rule.ShouldBe("wrong-level");
    }

    [Fact]
    public void a_fresh_issue_may_be_withdrawn_by_its_reporter() =>
        Withdraw.Decide(new WithdrawIssue("Sudah beres sendiri."), Logged(), As(Roles.OpdOfficer, "dinas-pupr")).Refused.ShouldBeNull();

    [Fact]
    public void a_disposisi_to_an_asisten_needs_the_office() =>
        DecideEndpoint.Decide(new DecideIssue("asisten", null, "Tangani."), AtAsisten2(), As(Roles.Bupati, "head")).Refused!.Errors!
            .Keys.ShouldBe(["toOffice"]);

    [Fact]
    public void resolving_cancels_open_follow_ups()
    {
        var issue = AtAsisten2().Apply(new FollowUpAssigned(Guid.Empty, Guid.NewGuid(), "pdam", "d", new DateOnly(2026, 12, 1), null, Asisten2.Actor, Now));
        var events = Resolve.Decide(new ResolveIssue("Selesai."), issue, Asisten2).Events;
        events.Select(e => e.GetType().Name).ShouldBe(["FollowUpCancelled", "IssueResolved"]);
    }

    [Fact]
    public void a_meeting_outcome_is_refused_for_an_issue_the_office_does_not_hold()
    {
        var meeting = Meeting.Create(new MeetingScheduled(MeetingId, "asisten-1", Now, "Ruang rapat", ["pdam"],
            [new AgendaEntry(Guid.Empty, "KX-2026-00001", "t")], As(Roles.Asisten, "asisten-1").Actor, Now))
            .Apply(new MeetingStarted(MeetingId, As(Roles.Asisten, "asisten-1").Actor, Now));
        var issue = AtAsisten2() with { Id = Guid.Empty };
        RecordOutcomeEndpoint.Decide(new RecordOutcome("deferred", null, null), meeting, issue, Guid.Empty, As(Roles.Asisten, "asisten-1"))
            .Refused!.Rule.ShouldBe("meeting-office-not-holder");
    }
}
