using System.Security.Claims;
using Eskalasi.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Eskalasi.Issues.GettingDetails;

public static class GetIssueEndpoint
{
    /// <summary>
    /// The issue, with <c>ETag: "&lt;version&gt;"</c>. <c>?asOf=</c> replays its stream up to that time
    /// (docs/domain.md "Views" (Issue history)): 404 before its first event, 400 when malformed.
    /// </summary>
    [Authorize]
    [WolverineGet("/api/issues/{id}")]
    public static async Task<IResult> Get(Guid id, string? asOf, ClaimsPrincipal user, IQuerySession session,
        HttpResponse response, CancellationToken ct)
    {
        var current = await IssueLookup.FindVisibleAsync(session, id, user, ct);
        if (current is null) return IssueLookup.NotFound(id);

        var issue = current;
        if (asOf is not null)
        {
            if (!Times.TryParse(asOf, out var at))
                return Problems.ToResult(Problems.BadQuery("asOf", "Harus waktu ISO 8601 dengan zona, mis. 2026-11-25T08:30:00+07:00."));
            issue = await session.Events.AggregateStreamAsync<IssueDetails>(id, timestamp: at.ToUniversalTime(), token: ct);
            if (issue is null) return Problems.NotFound($"Masalah {current.Number} belum tercatat pada {asOf}.");
        }

        response.Headers.ETag = $"\"{issue.Version}\"";
        return Results.Ok(issue);
    }
}

public static class IssueLookup
{
    /// <summary>The issue when it exists in the caller's region and the caller may see it; else null (answered as 404).</summary>
    public static async Task<IssueDetails?> FindVisibleAsync(IQuerySession session, Guid id, ClaimsPrincipal user, CancellationToken ct)
    {
        if (id == Guid.Empty) return null;
        var issue = await session.LoadAsync<IssueDetails>(id, ct);
        return issue is not null && user.CanSee(issue) ? issue : null;
    }

    public static IResult NotFound(Guid id) => Moves.MoveResult.IssueNotFound(id).Refused!.ToResult();
}
