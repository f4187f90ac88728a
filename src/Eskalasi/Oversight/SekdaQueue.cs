using System.Security.Claims;
using Eskalasi.Backlogs;
using Eskalasi.Identity;
using Eskalasi.Infrastructure;
using Eskalasi.Issues;
using Eskalasi.Organisation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Eskalasi.Oversight;

public sealed record SekdaQueueItem(
    Guid IssueId, string Number, string Title, IssueLevel Level, string Holder, Urgency Urgency, DateTimeOffset ArrivedAtLevelAt,
    int AgeDays, bool Overdue, string? ArrivedBy, string? ReasonCode, string? Justification, bool EmergencySkip,
    IReadOnlyList<RakorHeld> QualifyingMeetings, bool RakorWithoutInvolvedOpds);

/// <summary>An issue past its dwell target below the Sekda: at an Asisten office, or at an OPD the Sekda coordinates directly.</summary>
public sealed record OverdueBelowSekda(Guid IssueId, string Number, string Title, IssueLevel Level, string Holder, int AgeDays);

public sealed record SekdaQueue(IReadOnlyList<SekdaQueueItem> Items, IReadOnlyList<OverdueBelowSekda> OverdueBelow,
    IReadOnlyList<RepeatedExtension> FollowUpsExtendedRepeatedly);

/// <summary>
/// docs/domain.md "Views" (Sekda queue): the issues held at Sekda and at the head, oldest first, with the escalation
/// that brought each; apart from them, the issues past their dwell target one level below the Sekda: at an Asisten
/// office, or still at an OPD whose coordinator is the Sekda itself (Inspektorat, Bappeda, BPKAD in the seeds) —
/// for those OPDs the Sekda is the level above, as an Asisten is for the OPDs it coordinates.
/// </summary>
public static class SekdaQueueEndpoint
{
    [Authorize(Roles = $"{Roles.Sekda},{Roles.Bupati},{Roles.Analyst},{Roles.Admin}")]
    [WolverineGet("/api/sekda/queue")]
    public static async Task<IResult> Get(ClaimsPrincipal user, IQuerySession session, TimeProvider clock, RegionDirectory regions, CancellationToken ct)
    {
        var region = await regions.FindAsync(session.TenantId, ct);
        if (region is null) return Problems.NotFound(Problems.NoOrganisation);
        return Results.Ok(await ReadAsync(session, region, clock.GetUtcNow(), ct));
    }

    /// <summary>The Sekda's queue, as the API and the web application show it.</summary>
    public static async Task<SekdaQueue> ReadAsync(IQuerySession session, RegionOrganisation region, DateTimeOffset now, CancellationToken ct)
    {
        var upper = await session.QueryAsync(new OpenIssues.AtEither { Level = IssueLevel.Sekda, OtherLevel = IssueLevel.Bupati }, ct);
        var atAsisten = await session.QueryAsync(new OpenIssues.OverdueAt { Level = IssueLevel.Asisten }, ct);
        var coordinated = region.Opds.Where(o => o.Coordinator == OfficeCodes.Sekda).Select(o => o.Code).ToArray();
        var atOpd = coordinated.Length == 0 ? []
            : await session.QueryAsync(new OpenIssues.OverdueAmong { Level = IssueLevel.Opd, Holders = coordinated }, ct);

        var meetings = await QualifyingRakor.MeetingsAsync(session, upper.Select(i => i.LastArrival?.QualifyingMeetings), ct);
        return new SekdaQueue(
            upper.Select(i =>
            {
                var held = QualifyingRakor.Describe(i.LastArrival?.QualifyingMeetings, i, meetings);
                return new SekdaQueueItem(i.Id, i.Number, i.Title, i.Level, i.Holder, i.Urgency, i.ArrivedAtLevelAt,
                    Dwell.AgeDays(i, now), i.Overdue, i.LastArrival?.Move, i.LastArrival?.ReasonCode,
                    i.LastArrival?.Text, i.LastArrival?.Emergency ?? false, held, QualifyingRakor.WithoutInvolvedOpds(held));
            }).ToList(),
            atAsisten.Concat(atOpd).OrderBy(i => i.ArrivedAtLevelAt)
                .Select(i => new OverdueBelowSekda(i.Id, i.Number, i.Title, i.Level, i.Holder, Dwell.AgeDays(i, now))).ToList(),
            await RepeatedExtensions.ReadAsync(session, openOnly: true, assignedBy: null, ct));
    }
}
