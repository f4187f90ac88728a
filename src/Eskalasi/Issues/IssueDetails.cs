using Marten.Events.Aggregation;

namespace Eskalasi.Issues;

/// <summary>
/// The issue as clients read it (API.md "Issues"): an inline single-stream projection, so it is
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
    public IReadOnlyList<Guid> Meetings { get; init; } = [];

    /// <summary>The stream version: every event on the issue increments it (set by Marten).</summary>
    public long Version { get; set; }

    /// <summary>
    /// The OPDs that may read this issue (DOMAIN.md §3 "Who sees what"): the reporter, related OPDs,
    /// the holder at level Opd and follow-up owners. Kept on the document so it can be queried.
    /// </summary>
    public IReadOnlyList<string> InvolvedOpds { get; init; } = [];

    public bool InvolvesOpd(string? opd) => opd is not null && InvolvedOpds.Contains(opd);

    internal IssueDetails WithInvolvedOpds() => this with
    {
        InvolvedOpds = new[] { ReportingOpd }
            .Concat(RelatedOpds)
            .Concat(Level == IssueLevel.Opd ? [Holder] : [])
            .Concat(FollowUps.Select(f => f.OwnerOpd))
            .Distinct()
            .ToList(),
    };
}

public sealed record FollowUpDetails(Guid Id, string OwnerOpd, string Description, DateOnly DueDate, string Status, string? Outcome);

public sealed class IssueDetailsProjection : SingleStreamProjection<IssueDetails, Guid>
{
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
}
