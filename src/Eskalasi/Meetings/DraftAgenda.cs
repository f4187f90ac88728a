using Eskalasi.Issues;
using Eskalasi.Organisation;
using Marten;

namespace Eskalasi.Meetings;

/// <summary>
/// docs/domain.md "Coordination meetings (rakor)": the agenda is drafted from the open issues the office holds — first those with overdue
/// follow-ups, then by urgency (darurat, tinggi, biasa), then longest at the level.
/// </summary>
public static class DraftAgenda
{
    public static IReadOnlyList<IssueDetails> Order(IEnumerable<IssueDetails> held, DateOnly today) =>
        held.OrderByDescending(i => HasOverdueFollowUps(i, today))
            .ThenByDescending(i => i.Urgency)
            .ThenBy(i => i.ArrivedAtLevelAt)
            .ThenBy(i => i.Number, StringComparer.Ordinal)
            .ToList();

    public static bool HasOverdueFollowUps(IssueDetails issue, DateOnly today) =>
        issue.FollowUps.Any(f => f.Status == FollowUpStatus.Open && f.DueDate < today);

    /// <summary>The open issues an office (an Asisten office, <c>sekda</c>, or the head) holds now.</summary>
    public static async Task<IReadOnlyList<IssueDetails>> HeldByAsync(IQuerySession session, Office office, CancellationToken ct)
    {
        var level = office.Kind switch { OfficeKinds.Sekda => IssueLevel.Sekda, OfficeKinds.Head => IssueLevel.Bupati, _ => IssueLevel.Asisten };
        return (await session.QueryAsync(new OpenIssues.HeldBy { Level = level, Holder = office.Code }, ct)).ToList();
    }
}
