using System.Security.Claims;
using Eskalasi.Identity;
using Eskalasi.Infrastructure;
using Eskalasi.Issues;
using Eskalasi.Organisation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Eskalasi.Backlogs;

public sealed record OpdViewIssue(Guid IssueId, string Number, string Title, IssueStatus Status, IssueLevel Level, string Holder,
    Urgency Urgency, string Involvement);

public sealed record OpdViewFollowUp(Guid IssueId, string Number, Guid FollowUpId, string Description, DateOnly DueDate,
    FollowUpStatus Status, bool Overdue);

public sealed record OpdView(string Opd, IReadOnlyList<OpdViewIssue> Issues, IReadOnlyList<OpdViewFollowUp> FollowUps);

/// <summary>DOMAIN.md §5 "OPD view": the issues an OPD reported, is related to or holds, and the follow-ups it owns.</summary>
public static class OpdViewEndpoint
{
    [Authorize]
    [WolverineGet("/api/backlogs/opd/{opd}")]
    public static async Task<IResult> Get(string opd, ClaimsPrincipal user, IQuerySession session, TimeProvider clock, RegionDirectory regions, CancellationToken ct)
    {
        var region = await regions.FindAsync(session.TenantId, ct);
        if (region?.FindOpd(opd) is null) return Problems.NotFound($"OPD '{opd}' tidak ada.");
        if (user.Role() == Roles.OpdOfficer && user.Office() != opd)
            return Problems.ToResult(Problems.Create(403, "Petugas OPD hanya melihat tampilan OPD-nya sendiri.", "role"));

        var today = region.Today(clock.GetUtcNow());
        var issues = await session.Query<IssueDetails>()
            .Involving(opd)
            .OrderByDescending(i => i.LoggedAt)
            .Take(500)
            .ToListAsync(ct);

        return Results.Ok(new OpdView(opd,
            issues.Select(i => new OpdViewIssue(i.Id, i.Number, i.Title, i.Status, i.Level, i.Holder, i.Urgency, Involvement(i, opd))).ToList(),
            issues.SelectMany(i => i.FollowUps.Where(f => f.OwnerOpd == opd).Select(f => new OpdViewFollowUp(
                i.Id, i.Number, f.Id, f.Description, f.DueDate, f.Status, f.Status == FollowUpStatus.Open && f.DueDate < today)))
                .OrderBy(f => f.DueDate).ToList()));
    }

    private static string Involvement(IssueDetails issue, string opd) =>
        issue.ReportingOpd == opd ? "reporter"
        : issue.Level == IssueLevel.Opd && issue.Holder == opd ? "holder"
        : issue.RelatedOpds.Contains(opd) ? "related"
        : "follow-up-owner";
}
