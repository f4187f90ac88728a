using Eskalasi.Identity;
using Eskalasi.Organisation;
using Marten;
using Wolverine;

namespace Eskalasi.Issues.Overdue;

/// <summary>A durable timer: when it fires, is the issue still where it arrived at <see cref="ArrivedAt"/>?</summary>
public sealed record CheckDwell(Guid IssueId, IssueLevel Level, string Holder, DateTimeOffset ArrivedAt, double TargetDays);

/// <summary>A durable timer: is this follow-up still open after its due date?</summary>
/// <summary>A follow-up's due-date check; <see cref="DueDate"/>: the date it was set for (an extension makes an earlier check stale).</summary>
public sealed record CheckFollowUpDue(Guid IssueId, Guid FollowUpId, DateOnly? DueDate = null);

/// <summary>
/// docs/domain.md "Dwell targets and overdue": when an issue arrives at a level, a check is scheduled (a Wolverine message
/// stored in PostgreSQL in the same transaction as the move, so a restart loses no timer) for the region's target.
/// </summary>
public static class DwellTimers
{
    public static readonly Actor System = new("system", "system", null);

    /// <summary>docs/domain.md "Dwell targets and overdue": overdue makes an issue visible to the level above.</summary>
    public static string LevelAbove(Issue issue, RegionOrganisation? region) => issue.Level switch
    {
        IssueLevel.Opd => region?.FindOpd(issue.Holder)?.Coordinator ?? OfficeCodes.Sekda,
        IssueLevel.Asisten => OfficeCodes.Sekda,
        _ => OfficeCodes.Head,
    };

    public static double TargetDays(DwellTargets targets, IssueLevel level, Urgency urgency) =>
        urgency == Urgency.Darurat ? targets.Darurat : level switch
        {
            IssueLevel.Opd => targets.Opd,
            IssueLevel.Asisten => targets.Asisten,
            IssueLevel.Sekda => targets.Sekda,
            _ => targets.Bupati,
        };

    /// <summary>
    /// The one place timers start, read from the events just decided: an event that starts a stay (an arrival at a
    /// holder: log, escalate, emergency raise, transfer, return, disposisi, reopen) starts a dwell check for where
    /// the issue now is; a follow-up assigned starts its due-date check. Scheduled on the caller's outboxed
    /// session, so the timers commit with the events or not at all.
    /// </summary>
    public static async Task ScheduleAsync(IMessageBus bus, Issue after, IEnumerable<IIssueEvent> events,
        RegionOrganisation region, DateTimeOffset now)
    {
        var decided = events as IReadOnlyCollection<IIssueEvent> ?? events.ToList();
        if (after.Status == IssueStatus.Open && decided.Any(e => e is IStartsAStay))
            await ScheduleStayAsync(bus, after, region, now);

        var due = decided.OfType<FollowUpAssigned>().Select(a => (a.FollowUpId, a.DueDate))
            .Concat(decided.OfType<FollowUpExtended>().Select(x => (x.FollowUpId, x.DueDate)));
        foreach (var (followUp, date) in due) await ScheduleFollowUpAsync(bus, after.Id, followUp, date, region, now);
    }

    private static async Task ScheduleFollowUpAsync(IMessageBus bus, Guid issue, Guid followUp, DateOnly date, RegionOrganisation region,
        DateTimeOffset now)
    {
        // Overdue from the first moment of the day after the due date, in the region's zone.
        // In working days, a due date on a day off moves to the next working day.
        var dueEnds = region.AtLocal(region.DueWorkingDay(date).AddDays(1).ToDateTime(TimeOnly.MinValue));
        await bus.ScheduleAsync(new CheckFollowUpDue(issue, followUp, date), Remaining(dueEnds, now));
    }

    /// <summary>
    /// The timers an issue's state still waits for — its current stay, unless already overdue, and each open follow-up
    /// not yet overdue — for an issue whose events arrived without them (a region moved to its own database).
    /// </summary>
    public static async Task<int> RearmAsync(IMessageBus bus, Issue issue, RegionOrganisation region, DateTimeOffset now)
    {
        if (issue.Status != IssueStatus.Open) return 0;
        var armed = 0;
        if (issue.OverdueSinceArrivalAt != issue.ArrivedAt)
        {
            await ScheduleStayAsync(bus, issue, region, now);
            armed++;
        }
        foreach (var followUp in issue.OpenFollowUps.Where(f => !f.Overdue))
        {
            await ScheduleFollowUpAsync(bus, issue.Id, followUp.Id, followUp.DueDate, region, now);
            armed++;
        }
        return armed;
    }

    /// <summary>The dwell check of the issue's current stay (also used to re-arm the stays of a generated history).</summary>
    public static Task ScheduleStayAsync(IMessageBus bus, Issue issue, RegionOrganisation region, DateTimeOffset now)
    {
        var days = TargetDays(region.DwellTargets, issue.Level, issue.Urgency);
        var check = new CheckDwell(issue.Id, issue.Level, issue.Holder, issue.ArrivedAt, days);
        return bus.ScheduleAsync(check, Remaining(region.Due(issue.ArrivedAt, days), now)).AsTask();
    }

    // Scheduled relative to now: Wolverine fires on the real clock, the domain may run on an injected one.
    private static TimeSpan Remaining(DateTimeOffset due, DateTimeOffset now) => due - now > TimeSpan.Zero ? due - now : TimeSpan.Zero;
}

/// <summary>A dwell timer firing. At-least-once delivery: it writes nothing when the mark already exists.</summary>
public static class CheckDwellHandler
{
    public static async Task Handle(CheckDwell check, IDocumentSession session, TimeProvider clock, RegionDirectory regions,
        CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Issue>(check.IssueId, ct);
        if (stream.Aggregate is not { } issue) return;
        var stillThere = issue.Status == IssueStatus.Open && issue.Level == check.Level && issue.Holder == check.Holder
                         && issue.ArrivedAt == check.ArrivedAt;
        if (!stillThere || issue.OverdueSinceArrivalAt == check.ArrivedAt) return;
        var region = await regions.FindAsync(session.TenantId, ct);
        stream.AppendOne(new IssueBecameOverdue(issue.Id, issue.Level, issue.Holder, issue.ArrivedAt, check.TargetDays,
            DwellTimers.LevelAbove(issue, region), DwellTimers.System, clock.GetUtcNow()));
    }
}

/// <summary>A follow-up's due date passing; like <see cref="CheckDwellHandler"/>, it marks once.</summary>
public static class CheckFollowUpDueHandler
{
    public static async Task Handle(CheckFollowUpDue check, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Issue>(check.IssueId, ct);
        var followUp = stream.Aggregate?.FollowUps.FirstOrDefault(f => f.Id == check.FollowUpId);
        if (followUp is not { Status: FollowUpStatus.Open, Overdue: false }) return;
        if (check.DueDate is { } date && date != followUp.DueDate) return; // set for a due date since extended: that one has its own check
        stream.AppendOne(new FollowUpBecameOverdue(check.IssueId, followUp.Id, followUp.OwnerOpd, followUp.DueDate,
            DwellTimers.System, clock.GetUtcNow()));
    }
}
