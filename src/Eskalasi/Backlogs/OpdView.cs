using System.Text.Json;
using Marten.Linq.MatchesSql;
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

/// <summary>The issues a page at a time (newest first, <see cref="Total"/> of them in all); every follow-up the OPD owns.</summary>
public sealed record OpdView(string Opd, IReadOnlyList<OpdViewIssue> Issues, IReadOnlyList<OpdViewFollowUp> FollowUps,
    int Page, int PageSize, long Total);

/// <summary>docs/domain.md "Views" (OPD view): the issues an OPD reported, is related to or holds, and the follow-ups it owns.</summary>
public static class OpdViewEndpoint
{
    [Authorize]
    [WolverineGet("/api/backlogs/opd/{opd}")]
    public static async Task<IResult> Get(string opd, string? page, string? pageSize, ClaimsPrincipal user, IQuerySession session,
        TimeProvider clock, RegionDirectory regions, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var paging = PageRequest.Read(page, pageSize, errors);
        if (errors.Any) return Problems.ToResult(errors.ToProblem());
        var region = await regions.FindAsync(session.TenantId, ct);
        if (region?.FindOpd(opd) is null) return Problems.NotFound($"OPD '{opd}' tidak ada.");
        if (user.Role() == Roles.OpdOfficer && user.Office() != opd)
            return Problems.ToResult(Problems.Create(403, "Petugas OPD hanya melihat tampilan OPD-nya sendiri.", "role"));

        var today = region.Today(clock.GetUtcNow());
        var involved = session.Query<IssueDetails>().Involving(opd);
        var total = await involved.CountAsync(ct);
        var issues = await involved.OrderByDescending(i => i.LoggedAt).ThenByDescending(i => i.Number)
            .Skip(paging.Skip).Take(paging.Size).ToListAsync(ct);
        // Follow-ups are listed whole, whatever page of issues is shown: an OPD's open tasks must never fall off a page.
        var owning = await session.Query<IssueDetails>()
            .Where(i => i.MatchesSql("d.data -> 'followUps' @> ?::jsonb", JsonSerializer.Serialize(new[] { new { ownerOpd = opd } })))
            .ToListAsync(ct);

        return Results.Ok(new OpdView(opd,
            issues.Select(i => new OpdViewIssue(i.Id, i.Number, i.Title, i.Status, i.Level, i.Holder, i.Urgency, Involvement(i, opd))).ToList(),
            owning.SelectMany(i => i.FollowUps.Where(f => f.OwnerOpd == opd).Select(f => new OpdViewFollowUp(
                i.Id, i.Number, f.Id, f.Description, f.DueDate, f.Status, f.Status == FollowUpStatus.Open && f.DueDate < today)))
                .OrderBy(f => f.Status != FollowUpStatus.Open).ThenBy(f => f.DueDate).ToList(),
            paging.Page, paging.Size, total));
    }

    private static string Involvement(IssueDetails issue, string opd) =>
        issue.ReportingOpd == opd ? "reporter"
        : issue.Level == IssueLevel.Opd && issue.Holder == opd ? "holder"
        : issue.RelatedOpds.Contains(opd) ? "related"
        : "follow-up-owner";
}
