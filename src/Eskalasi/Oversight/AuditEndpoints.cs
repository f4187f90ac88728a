using System.Security.Claims;
using Eskalasi.Identity;
using Eskalasi.Infrastructure;
using Eskalasi.Issues;
using Eskalasi.Organisation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Eskalasi.Oversight;

public sealed record AuditItem(
    Guid IssueId, string Number, string Move, IssueLevel FromLevel, IssueLevel ToLevel, string FromHolder, string ToHolder,
    Actor Actor, DateTimeOffset At, string? ReasonCode, string Justification, int MeetingsBefore, bool Emergency,
    IReadOnlyList<RakorHeld> QualifyingMeetings, bool RakorWithoutInvolvedOpds);

public sealed record AuditList(IReadOnlyList<AuditItem> Items, int Page, int PageSize, long Total);

public sealed record EscalationRate(string Office, string Month, int Received, int ResolvedHere, int Escalated, int ReturnedTo);

public sealed record EscalationRates(IReadOnlyList<EscalationRate> Items);

/// <summary>What the audit is narrowed to: a period, an office (either side of the move), a reason code, emergency skips or not.</summary>
public sealed record AuditFilter(DateTimeOffset? From = null, DateTimeOffset? To = null, string? Office = null, string? Reason = null,
    bool? Emergency = null);

/// <summary>
/// docs/domain.md "Views" (escalation audit) and the per-Asisten escalation rates: read by the Sekda, the head and
/// analysts; an Asisten reads the rows of its own office.
/// </summary>
public static class AuditEndpoints
{
    private const string Readers = $"{Roles.Sekda},{Roles.Bupati},{Roles.Analyst},{Roles.Asisten}";

    [Authorize(Roles = Readers)]
    [WolverineGet("/api/audit/escalations")]
    public static async Task<IResult> Escalations(string? from, string? to, string? office, string? reason, string? emergency,
        string? page, string? pageSize, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var paging = PageRequest.Read(page, pageSize, errors);
        DateTimeOffset? fromTime = null, toTime = null;
        if (from is not null) { if (Times.TryParse(from, out var f)) fromTime = f; else errors.Add("from", "Harus waktu ISO 8601 dengan zona."); }
        if (to is not null) { if (Times.TryParse(to, out var t)) toTime = t; else errors.Add("to", "Harus waktu ISO 8601 dengan zona."); }
        bool? emergencyOnly = emergency switch { "true" => true, "false" => false, _ => null };
        if (emergencyOnly is null && !string.IsNullOrEmpty(emergency)) errors.Add("emergency", "Harus true atau false.");
        if (errors.Any) return Problems.ToResult(errors.ToProblem());

        return Results.Ok(await ReadAsync(session, user, new AuditFilter(fromTime, toTime, office, reason, emergencyOnly), paging, ct));
    }

    /// <summary>One page of the escalation audit, newest first, as the API and the web application show it.</summary>
    public static async Task<AuditList> ReadAsync(IQuerySession session, ClaimsPrincipal user, AuditFilter filter, PageRequest paging,
        CancellationToken ct)
    {
        var ownOffice = user.Role() == Roles.Asisten ? user.Office() : null;
        IQueryable<EscalationRecord> query = session.Query<EscalationRecord>();
        if (filter.From is { } a) query = query.Where(r => r.At >= a);
        if (filter.To is { } b) query = query.Where(r => r.At < b);
        if (!string.IsNullOrWhiteSpace(filter.Reason)) query = query.Where(r => r.ReasonCode == filter.Reason);
        if (filter.Emergency is { } emergency) query = query.Where(r => r.Emergency == emergency);
        foreach (var o in new[] { filter.Office, ownOffice }.Where(o => !string.IsNullOrWhiteSpace(o)))
            query = query.Where(r => r.FromHolder == o || r.ToHolder == o);
        // Newest first, a page at a time: the total says how many rows the filter has, none is dropped unseen.
        var total = await query.CountAsync(ct);
        var records = await query.OrderByDescending(r => r.At).ThenByDescending(r => r.IssueId).ThenByDescending(r => r.Version)
            .Skip(paging.Skip).Take(paging.Size).ToListAsync(ct);

        var issues = (await session.LoadManyAsync<IssueDetails>(ct, records.Select(r => r.IssueId).Distinct())).ToDictionary(i => i.Id);
        var meetings = await QualifyingRakor.MeetingsAsync(session, records.Select(r => r.QualifyingMeetings), ct);
        return new AuditList(records.Select(r =>
        {
            var issue = issues.GetValueOrDefault(r.IssueId);
            var held = QualifyingRakor.Describe(r.QualifyingMeetings, issue, meetings);
            return new AuditItem(r.IssueId, issue?.Number ?? "", r.Move, r.FromLevel, r.ToLevel, r.FromHolder, r.ToHolder, r.Actor, r.At,
                r.ReasonCode, r.Justification, r.MeetingsBefore, r.Emergency, held, QualifyingRakor.WithoutInvolvedOpds(held));
        }).ToList(), paging.Page, paging.Size, total);
    }

    /// <summary>Follow-ups whose due date was moved more than once, open or not; an Asisten reads those its office assigned.</summary>
    [Authorize(Roles = Readers)]
    [WolverineGet("/api/audit/follow-up-extensions")]
    public static async Task<IResult> Extensions(ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        Results.Ok(new { items = await RepeatedExtensions.ReadAsync(session, openOnly: false, user.Role() == Roles.Asisten ? user.Office() : null, ct) });

    /// <summary>
    /// Per Asisten office and month (in the region's zone): issues received (raised, transferred or decided to it),
    /// resolved there, escalated from it to the Sekda, and returned to it. Every Asisten office is listed for every
    /// month from the first recorded move to now, zeros included.
    /// </summary>
    [Authorize(Roles = Readers)]
    [WolverineGet("/api/audit/escalation-rates")]
    public static async Task<IResult> Rates(ClaimsPrincipal user, IQuerySession session, TimeProvider clock, RegionDirectory regions, CancellationToken ct)
    {
        var region = await regions.FindAsync(session.TenantId, ct);
        if (region is null) return Problems.NotFound(Problems.NoOrganisation);
        return Results.Ok(await RatesAsync(session, user, region, clock.GetUtcNow(), ct));
    }

    /// <summary>The rates as the API and the web application's chart show them.</summary>
    public static async Task<EscalationRates> RatesAsync(IQuerySession session, ClaimsPrincipal user, RegionOrganisation region, DateTimeOffset now,
        CancellationToken ct)
    {
        string Month(DateTimeOffset at) => region.Local(at).ToString("yyyy-MM");

        var moves = await session.Query<EscalationRecord>().ToListAsync(ct);
        var settled = await session.Query<SettlementRecord>().Where(s => s.Level == IssueLevel.Asisten).ToListAsync(ct);
        var offices = region.Offices.Where(o => o.Kind == OfficeKinds.Asisten).Select(o => o.Code)
            .Where(o => user.Role() != Roles.Asisten || o == user.Office()).ToList();

        var firstMonth = moves.Select(m => m.At).Concat(settled.Select(s => s.At)).DefaultIfEmpty(now).Min();
        var months = new List<string>();
        for (var m = new DateTime(region.Local(firstMonth).Year, region.Local(firstMonth).Month, 1);
             string.CompareOrdinal(m.ToString("yyyy-MM"), Month(now)) <= 0; m = m.AddMonths(1))
            months.Add(m.ToString("yyyy-MM"));

        var items = (from office in offices
            from month in months
            select new EscalationRate(office, month,
                Received: moves.Count(r => r.ToLevel == IssueLevel.Asisten && r.ToHolder == office && r.Move != "return" && Month(r.At) == month),
                ResolvedHere: settled.Count(s => s.Holder == office && Month(s.At) == month),
                Escalated: moves.Count(r => r.FromLevel == IssueLevel.Asisten && r.ToLevel == IssueLevel.Sekda && r.FromHolder == office && Month(r.At) == month),
                ReturnedTo: moves.Count(r => r.Move == "return" && r.ToHolder == office && Month(r.At) == month))).ToList();
        return new EscalationRates(items);
    }
}
