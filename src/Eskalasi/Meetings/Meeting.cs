using Eskalasi.Issues;

namespace Eskalasi.Meetings;

public enum MeetingStatus { Scheduled, Started, Concluded }

public sealed record AgendaItem(
    Guid IssueId, string Number, string Title, MeetingOutcome? Outcome = null, string? Agreement = null,
    IReadOnlyList<AgreedFollowUp>? FollowUps = null);

public sealed record Attendance(string Opd, bool Present, string? Representative);

public sealed record MeetingMaterial(Guid Id, string Name, string ContentType, long Size, string Sha256, string AddedBy, DateTimeOffset At);

/// <summary>A guest of the meeting and, once recorded, whether they attended.</summary>
public sealed record GuestAttendance(string Name, string Institution, bool? Present = null);

/// <summary>A coordination meeting, folded from its stream; an inline snapshot serves both the decisions and the reads.</summary>
public sealed record Meeting(
    Guid Id,
    string Office,
    DateTimeOffset ScheduledAt,
    string Place,
    IReadOnlyList<string> InvitedOpds,
    MeetingStatus Status,
    IReadOnlyList<AgendaItem> Agenda,
    IReadOnlyList<Attendance> Attendance,
    DateTimeOffset ScheduledOn,
    DateTimeOffset? StartedAt,
    DateTimeOffset? ConcludedAt)
{
    public long Version { get; set; }

    /// <summary>The people invited who are not OPDs, in the order of the invitation, with their attendance.</summary>
    public IReadOnlyList<GuestAttendance> Guests { get; init; } = [];

    /// <summary>Materials for the meeting (documents, photos) that its invited OPDs can open.</summary>
    public IReadOnlyList<MeetingMaterial> Materials { get; init; } = [];

    /// <summary>Agenda items left out for this reader (an OPD officer sees only the issues it may see), as a count.</summary>
    public int OtherItems { get; init; }

    public AgendaItem? Item(Guid issueId) => Agenda.FirstOrDefault(i => i.IssueId == issueId);

    public static Meeting Create(MeetingScheduled e) => new(
        e.MeetingId, e.Office, e.ScheduledAt, e.Place, e.InvitedOpds, MeetingStatus.Scheduled,
        e.Agenda.Select(a => new AgendaItem(a.IssueId, a.Number, a.Title)).ToList(), [], e.At, null, null)
    {
        Guests = (e.InvitedGuests ?? []).Select(g => new GuestAttendance(g.Name, g.Institution)).ToList(),
    };

    public Meeting Apply(MeetingMaterialAdded e) => this with
    {
        Materials = [.. Materials, new MeetingMaterial(e.AttachmentId, e.Name, e.ContentType, e.Size, e.Sha256, e.By.User, e.At)],
    };

    public Meeting Apply(GuestAttendanceRecorded e) => this with
    {
        Guests = Guests.Select((g, i) => i == e.Guest ? g with { Present = e.Present } : g).ToList(),
    };

    public Meeting Apply(MeetingAgendaChanged e) =>
        this with { Agenda = e.Agenda.Select(a => new AgendaItem(a.IssueId, a.Number, a.Title)).ToList() };

    public Meeting Apply(MeetingStarted e) => this with { Status = MeetingStatus.Started, StartedAt = e.At };

    public Meeting Apply(AttendanceRecorded e) => this with
    {
        Attendance = [.. Attendance.Where(a => a.Opd != e.Opd), new Attendance(e.Opd, e.Present, e.Representative)],
    };

    public Meeting Apply(MeetingItemOutcomeRecorded e) => WithItem(e.IssueId, i => i with
    {
        Outcome = e.Outcome, Agreement = e.Agreement, FollowUps = e.FollowUps,
    });

    public Meeting Apply(MeetingConcluded e) =>
        e.DeferredIssueIds.Aggregate(this, (m, id) => m.WithItem(id, i => i with { Outcome = MeetingOutcome.Deferred }))
            with { Status = MeetingStatus.Concluded, ConcludedAt = e.At };

    private Meeting WithItem(Guid issueId, Func<AgendaItem, AgendaItem> change) =>
        this with { Agenda = Agenda.Select(i => i.IssueId == issueId ? change(i) : i).ToList() };
}
