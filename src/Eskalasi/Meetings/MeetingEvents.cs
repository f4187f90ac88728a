using Eskalasi.Identity;
using Eskalasi.Issues;

namespace Eskalasi.Meetings;

// docs/domain.md "Coordination meetings (rakor)": one event stream per coordination meeting (rapat koordinasi).

public interface IMeetingEvent
{
    Guid MeetingId { get; }
    Actor By { get; }
    DateTimeOffset At { get; }
}

public sealed record AgendaEntry(Guid IssueId, string Number, string Title);

public sealed record MeetingScheduled(
    Guid MeetingId, string Office, DateTimeOffset ScheduledAt, string Place, IReadOnlyList<string> InvitedOpds,
    IReadOnlyList<AgendaEntry> Agenda, Actor By, DateTimeOffset At) : IMeetingEvent;

public sealed record MeetingAgendaChanged(Guid MeetingId, IReadOnlyList<AgendaEntry> Agenda, Actor By, DateTimeOffset At) : IMeetingEvent;

public sealed record MeetingStarted(Guid MeetingId, Actor By, DateTimeOffset At) : IMeetingEvent;

public sealed record AttendanceRecorded(Guid MeetingId, string Opd, bool Present, string? Representative, Actor By, DateTimeOffset At) : IMeetingEvent;

public sealed record AgreedFollowUp(Guid FollowUpId, string OwnerOpd, string Description, DateOnly DueDate,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string? Indicator = null);

public sealed record MeetingItemOutcomeRecorded(
    Guid MeetingId, Guid IssueId, MeetingOutcome Outcome, string? Agreement, IReadOnlyList<AgreedFollowUp> FollowUps,
    Actor By, DateTimeOffset At) : IMeetingEvent;

/// <summary>The meeting ended; items left without an outcome were deferred to the next meeting.</summary>
public sealed record MeetingConcluded(Guid MeetingId, IReadOnlyList<Guid> DeferredIssueIds, Actor By, DateTimeOffset At) : IMeetingEvent;
