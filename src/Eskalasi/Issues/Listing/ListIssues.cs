using System.Security.Claims;
using Eskalasi.Identity;
using Eskalasi.Infrastructure;
using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Eskalasi.Issues.Listing;

public sealed record IssuePage(IReadOnlyList<IssueDetails> Items, int Page, int PageSize, long Total);

/// <summary>What the issue list is narrowed to; empty parts do not narrow it.</summary>
public sealed record IssueFilter(IssueStatus? Status, IssueLevel? Level, string? Holder, string? Opd, string? Category);

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

        return Results.Ok(await ReadAsync(session, user, new IssueFilter(statusFilter, levelFilter, holder, opd, category), paging, ct));
    }

    /// <summary>One page of the issues <paramref name="user"/> may see under <paramref name="filter"/> (the API's and the web's list).</summary>
    public static async Task<IssuePage> ReadAsync(IQuerySession session, ClaimsPrincipal user, IssueFilter filter, PageRequest paging,
        CancellationToken ct)
    {
        IQueryable<IssueDetails> query = session.Query<IssueDetails>();
        if (user.Role() == Roles.OpdOfficer)
        {
            var own = user.Office() ?? "";
            query = query.Involving(own);
        }
        if (filter.Status is { } s) query = query.Where(x => x.Status == s);
        if (filter.Level is { } l) query = query.Where(x => x.Level == l);
        if (!string.IsNullOrWhiteSpace(filter.Holder)) query = query.Where(x => x.Holder == filter.Holder);
        if (!string.IsNullOrWhiteSpace(filter.Opd)) query = query.Involving(filter.Opd);
        if (!string.IsNullOrWhiteSpace(filter.Category)) query = query.Where(x => x.Category == filter.Category);

        // The count and the page apart: counted in one query (count(*) over ()), PostgreSQL plans the page as if it
        // could stop after the first rows and walks the whole region by date — 70–190 ms for an OPD's list at 60k issues.
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(x => x.LoggedAt).ThenByDescending(x => x.Number)
            .Skip(paging.Skip).Take(paging.Size).ToListAsync(ct);
        return new IssuePage(items, paging.Page, paging.Size, total);
    }

    public static T? ParseEnum<T>(string field, string? value, FieldErrors errors) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && !int.TryParse(value, out _)) return parsed;
        errors.Add(field, $"Harus salah satu dari: {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}.");
        return null;
    }
}
