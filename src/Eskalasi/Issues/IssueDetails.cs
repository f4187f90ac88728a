using Marten.Events.Aggregation;

namespace Eskalasi.Issues;

/// <summary>
/// The issue as clients read it (docs/api.md): an inline single-stream projection, so it is
/// consistent with the stream in the same transaction, and rebuilt as of any time for <c>?asOf=</c>.
/// </summary>
public sealed record IssueDetails
{
    public Guid Id { get; init; }
    public required string Number { get; init; }
    public required string Region { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    public required string Category { get; init; }
    public required Location Location { get; init; }
    public Urgency Urgency { get; init; }
    public required string ReportingOpd { get; init; }
    public IReadOnlyList<string> RelatedOpds { get; init; } = [];
    public DateTimeOffset ObservedAt { get; init; }
    public DateTimeOffset LoggedAt { get; init; }
    public IssueStatus Status { get; init; }
    public IssueLevel Level { get; init; }
    public required string Holder { get; init; }
    public DateTimeOffset ArrivedAtLevelAt { get; init; }
    public bool Overdue { get; init; }
    public IReadOnlyList<FollowUpDetails> FollowUps { get; init; } = [];
    /// <summary>Evidence: photos and documents attached to the issue, oldest first.</summary>
    public IReadOnlyList<AttachmentInfo> Attachments { get; init; } = [];
    public IReadOnlyList<Guid> Meetings { get; init; } = [];

    /// <summary>The stream version: every event on the issue increments it (set by Marten).</summary>
    public long Version { get; set; }

    /// <summary>
    /// The OPDs that may read this issue (docs/domain.md "Who sees what"): the reporter, related OPDs,
    /// the holder at level Opd and follow-up owners. Kept on the document so it can be queried.
    /// </summary>
    public IReadOnlyList<string> InvolvedOpds { get; init; } = [];

    public Guid? DuplicateOf { get; init; }

    /// <summary>The move that brought the issue to its current holder (null while it is where it was logged).</summary>
    public Arrival? LastArrival { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>Meeting outcomes since the issue last arrived at its holder (the backlog's "meetings discussed").</summary>
    public int MeetingsDiscussedHere { get; init; }

    internal IssueDetails ArriveAt(IssueLevel level, string holder, DateTimeOffset at, Arrival how) =>
        (this with { Level = level, Holder = holder, ArrivedAtLevelAt = at, MeetingsDiscussedHere = 0, Overdue = false, LastArrival = how })
        .WithInvolvedOpds();

    internal IssueDetails WithFollowUp(Guid id, Func<FollowUpDetails, FollowUpDetails> change) => this with
    {
        FollowUps = FollowUps.Select(f => f.Id == id ? change(f) : f).ToList(),
    };

    internal IssueDetails WithInvolvedOpds() => this with
    {
        InvolvedOpds = IssueAccess.InvolvedOpds(ReportingOpd, RelatedOpds, Level, Holder, FollowUps.Select(f => f.OwnerOpd)),
    };
}

/// <summary>How an issue came to its holder: the move, its reason code and text, whether it was an emergency skip, who made it.</summary>
public sealed record Arrival(string Move, string? ReasonCode, string? Text, bool Emergency, Identity.Actor By,
    IReadOnlyList<QualifyingMeeting>? QualifyingMeetings = null);

public sealed record FollowUpDetails(Guid Id, string OwnerOpd, string Description, DateOnly DueDate, FollowUpStatus Status, string? Outcome,
    bool Overdue = false)
{
    /// <summary>What counts as done (a commitment's success indicator), when it was stated.</summary>
    public string? Indicator { get; init; }
    public string? AssignedBy { get; init; }
    public Guid? MeetingId { get; init; }
    /// <summary>The latest progress the owner OPD reported, in percent (null: none yet).</summary>
    public int? Percent { get; init; }
    public IReadOnlyList<FollowUpProgress> Progress { get; init; } = [];
    public IReadOnlyList<FollowUpExtension> Extensions { get; init; } = [];
}

/// <summary>A file of evidence on the issue, as its page and the API list it (the bytes are fetched by id).</summary>
public sealed record AttachmentInfo(Guid Id, string Name, string ContentType, long Size, string Sha256, Identity.Actor By, DateTimeOffset At,
    double? Lat = null, double? Lon = null);

public sealed record FollowUpProgress(int Percent, string Note, IReadOnlyList<Guid> AttachmentIds, Identity.Actor By, DateTimeOffset At);

public sealed record FollowUpExtension(DateOnly From, DateOnly To, string Reason, Identity.Actor By, DateTimeOffset At);

public sealed class IssueDetailsProjection : SingleStreamProjection<IssueDetails, Guid>
{
    /// <summary>
    /// The document after one more event, with the same Apply methods Marten calls: a move answers with it instead
    /// of reading back what the inline projection just wrote. An event this does not know is a programming error
    /// (a test folds every issue event type through it), never a silently unchanged view.
    /// </summary>
    public static IssueDetails Next(IssueDetails view, IIssueEvent e) => e switch
    {
        IssueLogged x => Create(x),
        IssueEscalated x => Apply(x, view),
        IssueEmergencyRaised x => Apply(x, view),
        IssueTransferred x => Apply(x, view),
        IssueReturned x => Apply(x, view),
        DecisionMade x => Apply(x, view),
        IssueResolved x => Apply(x, view),
        IssueReopened x => Apply(x, view),
        IssueWithdrawn x => Apply(x, view),
        IssueMarkedDuplicate x => Apply(x, view),
        NoteAdded x => Apply(x, view),
        IssueBecameOverdue x => Apply(x, view),
        FollowUpBecameOverdue x => Apply(x, view),
        FollowUpAssigned x => Apply(x, view),
        FollowUpCompleted x => Apply(x, view),
        FollowUpCancelled x => Apply(x, view),
        FollowUpProgressReported x => Apply(x, view),
        AttachmentAdded x => Apply(x, view),
        FollowUpExtended x => Apply(x, view),
        IssueDiscussedInMeeting x => Apply(x, view),
        _ => throw new UnknownIssueEventException(e, nameof(IssueDetailsProjection)),
    };

    /// <summary>The view after a move's events, at the stream's new version; null when there was no view before.</summary>
    public static IssueDetails? After(IssueDetails? view, IEnumerable<IIssueEvent> events, long version)
    {
        if (view is null) return null;
        view = events.Aggregate(view, Next);
        view.Version = version;
        return view;
    }

    public static IssueDetails Create(IssueLogged e) => new IssueDetails
    {
        Id = e.IssueId,
        Number = e.Number,
        Region = e.Region,
        Title = e.Title,
        Description = e.Description,
        Category = e.Category,
        Location = e.Location,
        Urgency = e.Urgency,
        ReportingOpd = e.ReportingOpd,
        RelatedOpds = e.RelatedOpds,
        ObservedAt = e.ObservedAt,
        LoggedAt = e.At,
        Status = IssueStatus.Open,
        Level = IssueLevel.Opd,
        Holder = e.ReportingOpd,
        ArrivedAtLevelAt = e.At,
    }.WithInvolvedOpds();

    public static IssueDetails Apply(IssueEscalated e, IssueDetails view) =>
        view.ArriveAt(e.ToLevel, e.ToHolder, e.At, new Arrival("escalate", e.ReasonCode, e.Justification, e.MeetingWaived, e.By, e.QualifyingMeetings));
    public static IssueDetails Apply(IssueEmergencyRaised e, IssueDetails view) =>
        view.ArriveAt(IssueLevel.Sekda, e.ToHolder, e.At, new Arrival("emergency-escalate", null, e.Justification, true, e.By));
    public static IssueDetails Apply(IssueTransferred e, IssueDetails view) =>
        view.ArriveAt(IssueLevel.Asisten, e.ToOffice, e.At, new Arrival("transfer", null, e.Reason, false, e.By));
    public static IssueDetails Apply(IssueReturned e, IssueDetails view) =>
        view.ArriveAt(e.ToLevel, e.ToHolder, e.At, new Arrival("return", null, e.Instruction, false, e.By));
    public static IssueDetails Apply(DecisionMade e, IssueDetails view) =>
        view.ArriveAt(e.ToLevel, e.ToHolder, e.At, new Arrival("decide", null, e.Decision, false, e.By));
    public static IssueDetails Apply(IssueResolved e, IssueDetails view) => view with { Status = IssueStatus.Resolved, ClosedAt = e.At };
    public static IssueDetails Apply(IssueReopened e, IssueDetails view) =>
        view.ArriveAt(e.ToLevel, e.ToHolder, e.At, new Arrival("reopen", null, e.Reason, false, e.By)) with { Status = IssueStatus.Open, ClosedAt = null };
    public static IssueDetails Apply(IssueWithdrawn e, IssueDetails view) => view with { Status = IssueStatus.Withdrawn, ClosedAt = e.At };
    public static IssueDetails Apply(IssueMarkedDuplicate e, IssueDetails view) =>
        view with { Status = IssueStatus.Duplicate, DuplicateOf = e.DuplicateOf, ClosedAt = e.At };
    public static IssueDetails Apply(NoteAdded e, IssueDetails view) => view;

    public static IssueDetails Apply(IssueBecameOverdue e, IssueDetails view) =>
        e.ArrivedAt == view.ArrivedAtLevelAt ? view with { Overdue = true } : view;

    public static IssueDetails Apply(FollowUpBecameOverdue e, IssueDetails view) =>
        view.WithFollowUp(e.FollowUpId, f => f with { Overdue = true });

    public static IssueDetails Apply(FollowUpAssigned e, IssueDetails view) => (view with
    {
        FollowUps = [.. view.FollowUps, new FollowUpDetails(e.FollowUpId, e.OwnerOpd, e.Description, e.DueDate, FollowUpStatus.Open, null)
        {
            Indicator = e.Indicator, AssignedBy = e.By.Office, MeetingId = e.MeetingId,
        }],
    }).WithInvolvedOpds();

    public static IssueDetails Apply(AttachmentAdded e, IssueDetails view) => view with
    {
        Attachments = [.. view.Attachments, new AttachmentInfo(e.AttachmentId, e.Name, e.ContentType, e.Size, e.Sha256, e.By, e.At, e.Lat, e.Lon)],
    };

    public static IssueDetails Apply(FollowUpProgressReported e, IssueDetails view) => view.WithFollowUp(e.FollowUpId, f => f with
    {
        Percent = e.Percent, Progress = [.. f.Progress, new FollowUpProgress(e.Percent, e.Note, e.AttachmentIds, e.By, e.At)],
    });

    public static IssueDetails Apply(FollowUpExtended e, IssueDetails view) => view.WithFollowUp(e.FollowUpId, f => f with
    {
        DueDate = e.DueDate, Overdue = false, Extensions = [.. f.Extensions, new FollowUpExtension(e.PreviousDueDate, e.DueDate, e.Reason, e.By, e.At)],
    });

    public static IssueDetails Apply(FollowUpCompleted e, IssueDetails view) =>
        view.WithFollowUp(e.FollowUpId, f => f with { Status = FollowUpStatus.Completed, Outcome = e.Outcome });

    public static IssueDetails Apply(FollowUpCancelled e, IssueDetails view) =>
        view.WithFollowUp(e.FollowUpId, f => f with { Status = FollowUpStatus.Cancelled });

    public static IssueDetails Apply(IssueDiscussedInMeeting e, IssueDetails view) => view with
    {
        Meetings = view.Meetings.Contains(e.MeetingId) ? view.Meetings : [.. view.Meetings, e.MeetingId],
        MeetingsDiscussedHere = view.MeetingsDiscussedHere + 1,
    };
}
