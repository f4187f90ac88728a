using System.Security.Claims;
using System.Text.Json;
using Eskalasi.Identity;
using Marten.Linq.MatchesSql;

namespace Eskalasi.Issues;

/// <summary>docs/domain.md "Who sees what", within a region (another region never gets this far: tenancy).</summary>
public static class IssueAccess
{
    /// <summary>The OPDs whose officers may read an issue: the reporter, related OPDs, the holder at Opd level, follow-up owners.</summary>
    public static IReadOnlyList<string> InvolvedOpds(string reportingOpd, IEnumerable<string> relatedOpds, IssueLevel level, string holder,
        IEnumerable<string> followUpOwners) =>
        new[] { reportingOpd }
            .Concat(relatedOpds)
            .Concat(level == IssueLevel.Opd ? [holder] : [])
            .Concat(followUpOwners)
            .Distinct()
            .ToList();

    /// <summary>
    /// The issues an OPD is involved in. Written as the containment test on the one member the GIN index of
    /// IssuesConfiguration covers (<c>data -> 'involvedOpds'</c>): Marten's own translation of <c>Contains</c>/<c>Any</c>
    /// tests the whole document, which only a GIN index over the whole document serves — and that index made every
    /// move's write of the view several times dearer.
    /// </summary>
    public static IQueryable<IssueDetails> Involving(this IQueryable<IssueDetails> issues, string opd) =>
        issues.Where(x => x.MatchesSql("d.data -> 'involvedOpds' @> ?::jsonb", JsonSerializer.Serialize(new[] { opd })));

    public static bool CanSee(this ClaimsPrincipal user, IssueDetails issue) => user.CanSee(issue.InvolvedOpds);

    public static bool CanSee(this Actor actor, IssueDetails issue) => actor.CanSee(issue.InvolvedOpds);

    /// <summary>The same rule read from the decision aggregate, so a move needs no extra read to answer 404.</summary>
    public static bool CanSee(this Actor actor, Issue issue) =>
        actor.CanSee(InvolvedOpds(issue.ReportingOpd, issue.RelatedOpds, issue.Level, issue.Holder, issue.FollowUps.Select(f => f.OwnerOpd)));

    public static bool CanSee(this ClaimsPrincipal user, Issue issue) => user.ToActor().CanSee(issue);

    private static bool CanSee(this ClaimsPrincipal user, IReadOnlyList<string> involvedOpds) => user.ToActor().CanSee(involvedOpds);

    private static bool CanSee(this Actor actor, IReadOnlyList<string> involvedOpds) =>
        actor.Role switch
        {
            Roles.OpdOfficer => actor.Office is { } opd && involvedOpds.Contains(opd),
            Roles.Asisten or Roles.Sekda or Roles.Bupati or Roles.Analyst or Roles.Admin => true,
            _ => false,
        };
}
