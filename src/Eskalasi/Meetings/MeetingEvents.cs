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

/// <summary>Someone invited who is not an OPD (docs/domain.md "Guests"): a vertical agency, a company, an NGO, a resource person.</summary>
public sealed record Guest(string Name, string Institution);

public sealed record MeetingScheduled(
    Guid MeetingId, string Office, DateTimeOffset ScheduledAt, string Place, IReadOnlyList<string> InvitedOpds,
    IReadOnlyList<AgendaEntry> Agenda, Actor By, DateTimeOffset At,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<Guest>? InvitedGuests = null) : IMeetingEvent;

/// <summary>A document or photo for the meeting (invitation materials), stored like an issue's evidence (docs/domain.md "Evidence").</summary>
public sealed record MeetingMaterialAdded(Guid MeetingId, Guid AttachmentId, string Name, string ContentType, long Size, string Sha256,
    Actor By, DateTimeOffset At) : IMeetingEvent;

/// <summary>A guest's attendance, by the guest's place in the invitation list; a later record replaces it.</summary>
public sealed record GuestAttendanceRecorded(Guid MeetingId, int Guest, bool Present, Actor By, DateTimeOffset At) : IMeetingEvent;

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
/// <summary>The meeting ended; items left without an outcome were deferred. <see cref="MinutesTo"/>: the invited OPDs, whose
/// inboxes receive the final minutes (absent in events from before).</summary>
public sealed record MeetingConcluded(Guid MeetingId, IReadOnlyList<Guid> DeferredIssueIds, Actor By, DateTimeOffset At,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<string>? MinutesTo = null) : IMeetingEvent;
