using System.Security.Claims;
using Eskalasi.Identity;
using Eskalasi.Infrastructure;
using Eskalasi.Issues;
using Eskalasi.Meetings;
using Eskalasi.Organisation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Eskalasi.Backlogs;

public sealed record AsistenBacklogItem(
    Guid IssueId, string Number, string Title, Urgency Urgency, DateTimeOffset ArrivedAtLevelAt, int AgeDays, bool Overdue,
    int MeetingsDiscussed, int OpenFollowUps, int OverdueFollowUps);

public sealed record OverdueBelowItem(Guid IssueId, string Number, string Title, string Holder, int AgeDays);

/// <summary>An issue still at Opd level in an OPD the Asisten coordinates: watched, not held (docs/domain.md "Early sight").</summary>
public sealed record WatchingItem(Guid IssueId, string Number, string Title, string Holder, Urgency Urgency, DateTimeOffset LoggedAt,
    int AgeDays, bool Overdue);

public sealed record AsistenBacklog(string Office, IReadOnlyList<AsistenBacklogItem> Items, IReadOnlyList<Guid> DraftAgenda,
    IReadOnlyList<OverdueBelowItem> OverdueBelow, IReadOnlyList<WatchingItem> Watching);

/// <summary>
/// docs/domain.md "Views" (Asisten backlog): the open issues an Asisten office holds, the draft agenda for its next
/// meeting, and apart from them the overdue issues still at Opd level in the OPDs it coordinates and (early sight)
/// every open issue at Opd level there, overdue or not. Read from
/// the inline <see cref="IssueDetails"/> projection, so it is consistent with the streams just written.
/// </summary>
public static class AsistenBacklogEndpoint
{
    [Authorize]
    [WolverineGet("/api/backlogs/asisten/{office}")]
    public static async Task<IResult> Get(string office, ClaimsPrincipal user, IQuerySession session, TimeProvider clock, RegionDirectory regions, CancellationToken ct)
    {
        var region = await regions.FindAsync(session.TenantId, ct);
        var asisten = region?.FindOffice(office);
        if (region is null || asisten is not { Kind: OfficeKinds.Asisten }) return Problems.NotFound($"Kantor Asisten '{office}' tidak ada.");
        if (user.Role() == Roles.OpdOfficer || (user.Role() == Roles.Asisten && user.Office() != office))
            return Problems.ToResult(Problems.Create(403, "Hanya Asisten kantor ini, Sekda, kepala daerah, analis dan admin yang melihat backlog ini.", "role"));

        return Results.Ok(await ReadAsync(session, region, asisten, clock.GetUtcNow(), ct));
    }

    /// <summary>The backlog of one Asisten office, as the API and the web application show it.</summary>
    public static async Task<AsistenBacklog> ReadAsync(IQuerySession session, RegionOrganisation region, Office asisten, DateTimeOffset now,
        CancellationToken ct)
    {
        var office = asisten.Code;
        var today = region.Today(now);
        var held = await DraftAgenda.HeldByAsync(session, asisten, ct);
        var items = DraftAgenda.Order(held, today).Select(i => new AsistenBacklogItem(
            i.Id, i.Number, i.Title, i.Urgency, i.ArrivedAtLevelAt, Dwell.AgeDays(i, now), i.Overdue,
            i.MeetingsDiscussedHere,
            i.FollowUps.Count(f => f.Status == FollowUpStatus.Open),
            i.FollowUps.Count(f => f.Status == FollowUpStatus.Open && f.DueDate < today))).ToList();

        var coordinated = region.Opds.Where(o => o.Coordinator == office).Select(o => o.Code).ToArray();
        var atOpd = await session.QueryAsync(new OpenIssues.AtLevelAmong { Level = IssueLevel.Opd, Holders = coordinated }, ct);
        var overdueBelow = atOpd.Where(i => i.Overdue)
            .Select(i => new OverdueBelowItem(i.Id, i.Number, i.Title, i.Holder, Dwell.AgeDays(i, now))).ToList();
        // Watching: every one of them from the moment it is logged; overdue first, then the most urgent, then the oldest.
        var watching = atOpd
            .OrderByDescending(i => i.Overdue).ThenByDescending(i => i.Urgency).ThenBy(i => i.ArrivedAtLevelAt)
            .Select(i => new WatchingItem(i.Id, i.Number, i.Title, i.Holder, i.Urgency, i.LoggedAt, Dwell.AgeDays(i, now), i.Overdue))
            .ToList();

        return new AsistenBacklog(office, items, items.Select(i => i.IssueId).ToList(), overdueBelow, watching);
    }
}

/// <summary>Ages at a level, in whole days of the domain's clock.</summary>
public static class Dwell
{
    public static int AgeDays(IssueDetails issue, DateTimeOffset now) => (int)Math.Floor((now - issue.ArrivedAtLevelAt).TotalDays);
}
