using Eskalasi.Identity;
using Eskalasi.Issues;
using JasperFx.Events;
using Marten.Events.Projections;

namespace Eskalasi.Oversight;

/// <summary>
/// One row of the escalation audit (docs/domain.md "Views"): every escalation, emergency skip, transfer, return and
/// disposisi, derived from the events by an inline projection. Nothing writes these rows but the projection.
/// </summary>
public sealed record EscalationRecord(
    Guid Id, Guid IssueId, string Move, IssueLevel FromLevel, IssueLevel ToLevel, string FromHolder, string ToHolder,
    Actor Actor, DateTimeOffset At, string? ReasonCode, string Justification, int MeetingsBefore, bool Emergency, long Version,
    IReadOnlyList<QualifyingMeeting>? QualifyingMeetings = null);

/// <summary>Where an issue was settled (resolved): what the escalation rates count as "resolved here".</summary>
public sealed record SettlementRecord(Guid Id, Guid IssueId, IssueLevel Level, string Holder, DateTimeOffset At);

/// <summary>A follow-up's due date moved (docs/domain.md "Commitments"): the audit lists those moved more than once.</summary>
public sealed record FollowUpExtensionRecord(Guid Id, Guid IssueId, Guid FollowUpId, DateOnly From, DateOnly To, string Reason, Actor By,
    DateTimeOffset At);

public sealed partial class EscalationAuditProjection : EventProjection
{
    public FollowUpExtensionRecord Create(IEvent<FollowUpExtended> e) =>
        new(e.Id, e.StreamId, e.Data.FollowUpId, e.Data.PreviousDueDate, e.Data.DueDate, e.Data.Reason, e.Data.By, e.Data.At);

    public EscalationRecord Create(IEvent<IssueEscalated> e) => Record(e, "escalate", e.Data.FromLevel, e.Data.ToLevel,
        e.Data.FromHolder, e.Data.ToHolder, e.Data.ReasonCode, e.Data.Justification, e.Data.MeetingsBefore, e.Data.MeetingWaived)
        with { QualifyingMeetings = e.Data.QualifyingMeetings };

    public EscalationRecord Create(IEvent<IssueEmergencyRaised> e) => Record(e, "emergency-escalate", IssueLevel.Opd, IssueLevel.Sekda,
        e.Data.FromHolder, e.Data.ToHolder, null, e.Data.Justification, 0, true);

    public EscalationRecord Create(IEvent<IssueTransferred> e) => Record(e, "transfer", IssueLevel.Asisten, IssueLevel.Asisten,
        e.Data.FromOffice, e.Data.ToOffice, null, e.Data.Reason, e.Data.MeetingsBefore, false);

    public EscalationRecord Create(IEvent<IssueReturned> e) => Record(e, "return", e.Data.FromLevel, e.Data.ToLevel,
        e.Data.FromHolder, e.Data.ToHolder, null, e.Data.Instruction, e.Data.MeetingsBefore, false);

    public EscalationRecord Create(IEvent<DecisionMade> e) => Record(e, "decide", IssueLevel.Bupati, e.Data.ToLevel,
        "head", e.Data.ToHolder, null, e.Data.Decision, e.Data.MeetingsBefore, false);

    public SettlementRecord Create(IEvent<IssueResolved> e) => new(e.Id, e.Data.IssueId, e.Data.Level, e.Data.Holder, e.Data.At);

    private static EscalationRecord Record<T>(IEvent<T> e, string move, IssueLevel from, IssueLevel to, string fromHolder, string toHolder,
        string? reason, string justification, int meetingsBefore, bool emergency) where T : IIssueEvent =>
        new(e.Id, e.StreamId, move, from, to, fromHolder, toHolder, e.Data.By, e.Data.At, reason, justification, meetingsBefore, emergency,
            e.Version);
}
