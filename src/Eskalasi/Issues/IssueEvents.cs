using Eskalasi.Identity;

namespace Eskalasi.Issues;

// docs/domain.md "Moves". Events are facts in the past tense; once written they never change meaning.
// Every event carries who acted (By) and when (At, from the injected clock).

public interface IIssueEvent
{
    Actor By { get; }
    DateTimeOffset At { get; }
}

/// <summary>An event that brings the issue to a holder: a new stay begins there, with its own dwell target.</summary>
public interface IStartsAStay : IIssueEvent;

public enum IssueLevel { Opd, Asisten, Sekda, Bupati }

public enum IssueStatus { Open, Resolved, Withdrawn, Duplicate }

public enum Urgency { Biasa, Tinggi, Darurat }

public sealed record Location(string Text, double? Lat = null, double? Lon = null);

/// <summary>
/// An OPD officer logged a field problem; it starts at level Opd, held by the officer's OPD. <see cref="WatchedBy"/>: the
/// Asisten office coordinating that OPD when it was logged (docs/domain.md "Early sight"; absent in events from before).
/// </summary>
public sealed record IssueLogged(
    Guid IssueId,
    string Number,
    string Region,
    string Title,
    string Description,
    string Category,
    Location Location,
    Urgency Urgency,
    string ReportingOpd,
    IReadOnlyList<string> RelatedOpds,
    DateTimeOffset ObservedAt,
    Actor By,
    DateTimeOffset At,
    // Absent when null, so events stored before it existed serialise as they were written (their hash chains hold).
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string? WatchedBy = null) : IStartsAStay;

/// <summary>The issue moved up the chain (docs/domain.md "Moves" (escalate)). <see cref="MeetingWaived"/>: a darurat issue
/// escalated by an Asisten without a meeting, flagged in the audit as an emergency skip. <see cref="QualifyingMeetings"/>:
/// from an Asisten, the meetings that satisfied condition 1 of the assistant-first rule (absent in events from before).</summary>
public sealed record IssueEscalated(
    Guid IssueId, IssueLevel FromLevel, string FromHolder, IssueLevel ToLevel, string ToHolder,
    string? ReasonCode, string Justification, int MeetingsBefore, bool MeetingWaived, Actor By, DateTimeOffset At,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<QualifyingMeeting>? QualifyingMeetings = null) : IStartsAStay;

/// <summary>A meeting of the holding office that gave the issue an outcome other than deferred since it arrived there.</summary>
public sealed record QualifyingMeeting(Guid MeetingId, MeetingOutcome Outcome);

/// <summary>A darurat issue raised by its OPD straight to the Sekda, skipping the Asisten.</summary>
public sealed record IssueEmergencyRaised(
    Guid IssueId, string FromHolder, string ToHolder, string Justification, Actor By, DateTimeOffset At) : IStartsAStay;

public sealed record IssueTransferred(
    Guid IssueId, string FromOffice, string ToOffice, string Reason, Actor By, DateTimeOffset At, int MeetingsBefore = 0) : IStartsAStay;

public sealed record IssueReturned(
    Guid IssueId, IssueLevel FromLevel, string FromHolder, IssueLevel ToLevel, string ToHolder, string Instruction,
    Actor By, DateTimeOffset At, int MeetingsBefore = 0) : IStartsAStay;

/// <summary>The regional head's disposisi: the issue goes down to the Sekda, a named Asisten or a named OPD.</summary>
public sealed record DecisionMade(
    Guid IssueId, IssueLevel ToLevel, string ToHolder, string Decision, Actor By, DateTimeOffset At, int MeetingsBefore = 0) : IStartsAStay;

public sealed record IssueResolved(
    Guid IssueId, IssueLevel Level, string Holder, string Resolution, Guid? MeetingId, Actor By, DateTimeOffset At) : IIssueEvent;

public sealed record IssueReopened(
    Guid IssueId, IssueLevel ToLevel, string ToHolder, string Reason, Actor By, DateTimeOffset At) : IStartsAStay;

public sealed record IssueWithdrawn(Guid IssueId, string Reason, Actor By, DateTimeOffset At) : IIssueEvent;

public sealed record IssueMarkedDuplicate(Guid IssueId, Guid DuplicateOf, string DuplicateOfNumber, Actor By, DateTimeOffset At) : IIssueEvent;

public sealed record NoteAdded(Guid IssueId, string Text, Actor By, DateTimeOffset At) : IIssueEvent;

/// <summary>A tindak lanjut: a task for an owner OPD with a due date (a date in the region's zone) and, as a commitment,
/// what counts as done (<see cref="Indicator"/>, absent in events from before). <see cref="Actor.Office"/> of
/// <see cref="By"/> is the office that assigned it, which alone may extend it.</summary>
public sealed record FollowUpAssigned(
    Guid IssueId, Guid FollowUpId, string OwnerOpd, string Description, DateOnly DueDate, Guid? MeetingId,
    Actor By, DateTimeOffset At,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string? Indicator = null) : IIssueEvent;

/// <summary>
/// Evidence attached to the issue (docs/domain.md "Evidence"): who attached what, when, with its hash. The bytes are
/// stored beside the events in the same transaction. <see cref="Lat"/>/<see cref="Lon"/>: the photo's own position,
/// kept only when the officer asked to keep it as the issue's location.
/// </summary>
public sealed record AttachmentAdded(
    Guid IssueId, Guid AttachmentId, string Name, string ContentType, long Size, string Sha256, Actor By, DateTimeOffset At,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    double? Lat = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    double? Lon = null) : IIssueEvent;

/// <summary>The owner OPD reports how far a follow-up has come (docs/domain.md "Commitments"); evidence by attachment id.</summary>
public sealed record FollowUpProgressReported(
    Guid IssueId, Guid FollowUpId, int Percent, string Note, IReadOnlyList<Guid> AttachmentIds, Actor By, DateTimeOffset At) : IIssueEvent;

/// <summary>The office that assigned a follow-up moved its due date, with a reason; its due-date check moves with it.</summary>
public sealed record FollowUpExtended(
    Guid IssueId, Guid FollowUpId, DateOnly PreviousDueDate, DateOnly DueDate, string Reason, Actor By, DateTimeOffset At) : IIssueEvent;

public sealed record FollowUpCompleted(Guid IssueId, Guid FollowUpId, string Outcome, Actor By, DateTimeOffset At) : IIssueEvent;

/// <summary>Closing an issue cancels its open follow-ups (docs/domain.md "Moves").</summary>
public sealed record FollowUpCancelled(Guid IssueId, Guid FollowUpId, string Reason, Actor By, DateTimeOffset At) : IIssueEvent;

/// <summary>A coordination meeting gave this issue an outcome (docs/domain.md "Coordination meetings (rakor)"); recorded on the issue's own stream
/// so that condition 1 of the assistant-first rule can be read from the issue.</summary>
public sealed record IssueDiscussedInMeeting(
    Guid IssueId, Guid MeetingId, string Office, MeetingOutcome Outcome, string? Agreement, Actor By, DateTimeOffset At) : IIssueEvent;

public enum MeetingOutcome { Resolved, FollowUp, Deferred, Escalate }

/// <summary>The issue outlived its dwell target at its level (docs/domain.md "Dwell targets and overdue"). Overdue never moves an issue.
/// <see cref="LevelAbove"/> is the office it now shows to: the OPD's coordinator, the Sekda, or the head.</summary>
public sealed record IssueBecameOverdue(
    Guid IssueId, IssueLevel Level, string Holder, DateTimeOffset ArrivedAt, double TargetDays, string LevelAbove,
    Actor By, DateTimeOffset At) : IIssueEvent;

/// <summary>An open follow-up passed its due date (the date in the region's zone).</summary>
public sealed record FollowUpBecameOverdue(Guid IssueId, Guid FollowUpId, string OwnerOpd, DateOnly DueDate, Actor By, DateTimeOffset At) : IIssueEvent;

/// <summary>An issue event that a model's one dispatch does not know: a forgotten case, caught by the tests.</summary>
public sealed class UnknownIssueEventException(IIssueEvent e, string model)
    : InvalidOperationException($"{model} has no state change for {e.GetType().Name}: add it to its dispatch.");
