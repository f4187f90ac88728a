using Eskalasi.Issues;
using Marten;

namespace Eskalasi.Oversight;

/// <summary>A follow-up whose due date was moved more than once, with every move (audit, Sekda queue).</summary>
public sealed record RepeatedExtension(Guid IssueId, string Number, string Title, Guid FollowUpId, string Description, string OwnerOpd, string? AssignedBy,
    string? Indicator, DateOnly DueDate, FollowUpStatus Status, int? Percent, IReadOnlyList<FollowUpExtension> Extensions);

/// <summary>docs/domain.md "Views": commitments whose due date keeps moving are shown to the Sekda and in the audit.</summary>
public static class RepeatedExtensions
{
    public static async Task<IReadOnlyList<RepeatedExtension>> ReadAsync(IQuerySession session, bool openOnly, string? assignedBy,
        CancellationToken ct)
    {
        var records = await session.Query<FollowUpExtensionRecord>().ToListAsync(ct);
        var repeated = records.GroupBy(r => (r.IssueId, r.FollowUpId)).Where(g => g.Count() > 1).ToList();
        if (repeated.Count == 0) return [];
        var issues = (await session.LoadManyAsync<IssueDetails>(ct, repeated.Select(g => g.Key.IssueId).Distinct())).ToDictionary(i => i.Id);
        return repeated
            .Select(g => (Issue: issues.GetValueOrDefault(g.Key.IssueId), FollowUpId: g.Key.FollowUpId))
            .Select(x => (x.Issue, FollowUp: x.Issue?.FollowUps.FirstOrDefault(f => f.Id == x.FollowUpId)))
            .Where(x => x.Issue is not null && x.FollowUp is not null)
            .Where(x => !openOnly || x.FollowUp!.Status == FollowUpStatus.Open)
            .Where(x => assignedBy is null || x.FollowUp!.AssignedBy == assignedBy)
            .OrderByDescending(x => x.FollowUp!.Extensions.Count).ThenByDescending(x => x.FollowUp!.Extensions[^1].At)
            .Select(x => new RepeatedExtension(x.Issue!.Id, x.Issue.Number, x.Issue.Title, x.FollowUp!.Id, x.FollowUp.Description, x.FollowUp.OwnerOpd,
                x.FollowUp.AssignedBy, x.FollowUp.Indicator, x.FollowUp.DueDate, x.FollowUp.Status, x.FollowUp.Percent, x.FollowUp.Extensions))
            .ToList();
    }
}
