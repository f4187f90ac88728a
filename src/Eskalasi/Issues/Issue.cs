namespace Eskalasi.Issues;

/// <summary>
/// The issue as the decisions see it: folded from its stream, holding only what the rules of docs/domain.md "Moves"
/// read. Immutable; each event gives a new state. Kept as an inline snapshot (IssuesConfiguration), so a move
/// reads one document rather than every event of the issue.
/// </summary>
public sealed record Issue(
    Guid Id,
    string Number,
    IssueStatus Status,
    IssueLevel Level,
    string Holder,
    Urgency Urgency,
    string ReportingOpd,
    IReadOnlyList<string> RelatedOpds,
    DateTimeOffset ArrivedAt,
    IReadOnlyList<Position> Path,
    IReadOnlyList<Discussion> DiscussionsSinceArrival,
    IReadOnlyList<FollowUp> FollowUps,
    Position? ResolvedAt,
    DateTimeOffset? ResolvedOn,
    DateTimeOffset? OverdueSinceArrivalAt = null)
{
    /// <summary>The evidence attached to the issue (a progress report may name it).</summary>
    public IReadOnlyList<AttachmentRef> Attachments { get; init; } = [];

    /// <summary>The stream version, set by Marten when the issue is fetched for writing.</summary>
    public long Version { get; set; }

    public bool IsClosed => Status != IssueStatus.Open;

    public IEnumerable<FollowUp> OpenFollowUps => FollowUps.Where(f => f.Status == FollowUpStatus.Open);

    /// <summary>docs/domain.md "Moves" (return): down to the last holder it had below the current level.</summary>
    public Position? LastPositionBelow(IssueLevel level) => Path.LastOrDefault(p => p.Level < level);

    /// <summary>The state after one more event: how a move sees its own outcome before it is written.</summary>
    public Issue Then(IIssueEvent e) => e switch
    {
        IssueEscalated x => Apply(x),
        IssueEmergencyRaised x => Apply(x),
        IssueTransferred x => Apply(x),
        IssueReturned x => Apply(x),
        DecisionMade x => Apply(x),
        IssueResolved x => Apply(x),
        IssueReopened x => Apply(x),
        IssueWithdrawn x => Apply(x),
        IssueMarkedDuplicate x => Apply(x),
        FollowUpAssigned x => Apply(x),
        FollowUpCompleted x => Apply(x),
        FollowUpCancelled x => Apply(x),
        FollowUpProgressReported x => Apply(x),
        AttachmentAdded x => Apply(x),
        FollowUpExtended x => Apply(x),
        IssueDiscussedInMeeting x => Apply(x),
        IssueBecameOverdue x => Apply(x),
        FollowUpBecameOverdue x => Apply(x),
        NoteAdded x => Apply(x),
        _ => throw new UnknownIssueEventException(e, nameof(Issue)),
    };

    public static Issue Create(IssueLogged e) => new(
        e.IssueId, e.Number, IssueStatus.Open, IssueLevel.Opd, e.ReportingOpd, e.Urgency, e.ReportingOpd, e.RelatedOpds,
        e.At, [new Position(IssueLevel.Opd, e.ReportingOpd)], [], [], null, null);

    public Issue Apply(IssueEscalated e) => ArriveAt(e.ToLevel, e.ToHolder, e.At);
    public Issue Apply(IssueEmergencyRaised e) => ArriveAt(IssueLevel.Sekda, e.ToHolder, e.At);
    public Issue Apply(IssueTransferred e) => ArriveAt(IssueLevel.Asisten, e.ToOffice, e.At);
    public Issue Apply(IssueReturned e) => ArriveAt(e.ToLevel, e.ToHolder, e.At);
    public Issue Apply(DecisionMade e) => ArriveAt(e.ToLevel, e.ToHolder, e.At);

    public Issue Apply(IssueResolved e) =>
        this with { Status = IssueStatus.Resolved, ResolvedAt = new Position(e.Level, e.Holder), ResolvedOn = e.At };

    public Issue Apply(IssueReopened e) => ArriveAt(e.ToLevel, e.ToHolder, e.At) with { Status = IssueStatus.Open };
    public Issue Apply(IssueWithdrawn e) => this with { Status = IssueStatus.Withdrawn };
    public Issue Apply(IssueMarkedDuplicate e) => this with { Status = IssueStatus.Duplicate };
    public Issue Apply(NoteAdded e) => this;

    /// <summary>Remembers which arrival was marked overdue, so a repeated timer marks nothing twice.</summary>
    public Issue Apply(IssueBecameOverdue e) => this with { OverdueSinceArrivalAt = e.ArrivedAt };

    public Issue Apply(FollowUpBecameOverdue e) => this with
    {
        FollowUps = FollowUps.Select(f => f.Id == e.FollowUpId ? f with { Overdue = true } : f).ToList(),
    };

    public Issue Apply(FollowUpAssigned e) => this with
    {
        FollowUps = [.. FollowUps, new FollowUp(e.FollowUpId, e.OwnerOpd, e.DueDate, FollowUpStatus.Open, AssignedBy: e.By.Office)],
    };

    public Issue Apply(AttachmentAdded e) => this with { Attachments = [.. Attachments, new AttachmentRef(e.AttachmentId, e.Name)] };

    /// <summary>Progress changes no decision: completing stays the owner's move.</summary>
    public Issue Apply(FollowUpProgressReported e) => this;

    /// <summary>A new due date: not overdue until it passes (its own check is scheduled with the extension).</summary>
    public Issue Apply(FollowUpExtended e) => this with
    {
        FollowUps = FollowUps.Select(f => f.Id == e.FollowUpId ? f with { DueDate = e.DueDate, Overdue = false, Extensions = f.Extensions + 1 } : f).ToList(),
    };

    public Issue Apply(FollowUpCompleted e) => WithFollowUp(e.FollowUpId, FollowUpStatus.Completed);
    public Issue Apply(FollowUpCancelled e) => WithFollowUp(e.FollowUpId, FollowUpStatus.Cancelled);

    public Issue Apply(IssueDiscussedInMeeting e) => this with
    {
        DiscussionsSinceArrival = [.. DiscussionsSinceArrival, new Discussion(e.MeetingId, e.Office, e.Outcome)],
    };

    /// <summary>Arrival at a holder starts afresh: the meetings held before no longer count (docs/domain.md "The assistant-first rule", 1).</summary>
    private Issue ArriveAt(IssueLevel level, string holder, DateTimeOffset at) => this with
    {
        Level = level,
        Holder = holder,
        ArrivedAt = at,
        Path = [.. Path, new Position(level, holder)],
        DiscussionsSinceArrival = [],
    };

    private Issue WithFollowUp(Guid id, FollowUpStatus status) => this with
    {
        FollowUps = FollowUps.Select(f => f.Id == id ? f with { Status = status } : f).ToList(),
    };
}

public sealed record Position(IssueLevel Level, string Holder);

public sealed record Discussion(Guid MeetingId, string Office, MeetingOutcome Outcome);

public enum FollowUpStatus { Open, Completed, Cancelled }

/// <summary>An attachment of the issue as the decisions know it: its id and its name.</summary>
public sealed record AttachmentRef(Guid Id, string Name);

/// <summary>A follow-up as the decisions need it; <see cref="AssignedBy"/>: the office that assigned it (may extend it).</summary>
public sealed record FollowUp(Guid Id, string OwnerOpd, DateOnly DueDate, FollowUpStatus Status, bool Overdue = false, string? AssignedBy = null,
    int Extensions = 0);
