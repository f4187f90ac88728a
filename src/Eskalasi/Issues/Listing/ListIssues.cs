using System.Security.Claims;
using Eskalasi.Identity;
using Eskalasi.Infrastructure;
using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Eskalasi.Issues.Listing;

public sealed record IssuePage(IReadOnlyList<IssueDetails> Items, int Page, int PageSize, long Total);

public static class ListIssuesEndpoint
{
    /// <summary>
    /// Issues of the caller's region, newest first, filtered by status, level, holder, OPD (reporter, related,
    /// holder or follow-up owner) and category. An OPD officer only ever sees the issues their OPD is in.
    /// </summary>
    [Authorize]
    [WolverineGet("/api/issues")]
    public static async Task<IResult> Get(
        string? status, string? level, string? holder, string? opd, string? category, string? page, string? pageSize,
        ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var statusFilter = ParseEnum<IssueStatus>("status", status, errors);
        var levelFilter = ParseEnum<IssueLevel>("level", level, errors);
        var paging = PageRequest.Read(page, pageSize, errors);
        if (errors.Any) return Problems.ToResult(errors.ToProblem());

        IQueryable<IssueDetails> query = session.Query<IssueDetails>();
        if (user.Role() == Roles.OpdOfficer)
        {
            var own = user.Office() ?? "";
            query = query.Involving(own);
        }
        if (statusFilter is { } s) query = query.Where(x => x.Status == s);
        if (levelFilter is { } l) query = query.Where(x => x.Level == l);
        if (!string.IsNullOrWhiteSpace(holder)) query = query.Where(x => x.Holder == holder);
        if (!string.IsNullOrWhiteSpace(opd)) query = query.Involving(opd);
        if (!string.IsNullOrWhiteSpace(category)) query = query.Where(x => x.Category == category);

        // The count and the page apart: counted in one query (count(*) over ()), PostgreSQL plans the page as if it
        // could stop after the first rows and walks the whole region by date — 70–190 ms for an OPD's list at 60k issues.
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(x => x.LoggedAt).ThenByDescending(x => x.Number)
            .Skip(paging.Skip).Take(paging.Size).ToListAsync(ct);
        return Results.Ok(new IssuePage(items, paging.Page, paging.Size, total));
    }

    private static T? ParseEnum<T>(string field, string? value, FieldErrors errors) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && !int.TryParse(value, out _)) return parsed;
        errors.Add(field, $"Harus salah satu dari: {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}.");
        return null;
    }
}
