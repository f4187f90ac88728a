using Eskalasi.Issues;
using Eskalasi.Meetings;
using Marten;

namespace Eskalasi.Oversight;

/// <summary>A rakor that satisfied the assistant-first rule for an escalation, as the audit shows it.</summary>
public sealed record RakorHeld(Guid MeetingId, DateTimeOffset HeldAt, MeetingOutcome Outcome, IReadOnlyList<string> InvolvedOpdsPresent);

/// <summary>
/// docs/domain.md "Views": the audit tells a real rakor from a paper one. The escalation event names the meetings that
/// satisfied condition 1; here they are joined with each meeting's attendance and the issue's involved OPDs. The rule
/// itself does not change — the Sekda judges a rakor none of the involved OPDs attended.
/// </summary>
public static class QualifyingRakor
{
    public static async Task<IReadOnlyDictionary<Guid, Meeting>> MeetingsAsync(IQuerySession session,
        IEnumerable<IReadOnlyList<QualifyingMeeting>?> named, CancellationToken ct)
    {
        var ids = named.SelectMany(q => q ?? []).Select(q => q.MeetingId).Distinct().ToArray();
        return ids.Length == 0 ? new Dictionary<Guid, Meeting>() : (await session.LoadManyAsync<Meeting>(ct, ids)).ToDictionary(m => m.Id);
    }

    public static IReadOnlyList<RakorHeld> Describe(IReadOnlyList<QualifyingMeeting>? named, IssueDetails? issue,
        IReadOnlyDictionary<Guid, Meeting> meetings)
    {
        var involved = issue?.InvolvedOpds ?? [];
        return (named ?? []).Where(q => meetings.ContainsKey(q.MeetingId)).Select(q =>
        {
            var meeting = meetings[q.MeetingId];
            return new RakorHeld(q.MeetingId, meeting.StartedAt ?? meeting.ScheduledAt, q.Outcome,
                meeting.Attendance.Where(a => a.Present && involved.Contains(a.Opd)).Select(a => a.Opd).Order().ToList());
        }).ToList();
    }

    /// <summary>Every qualifying rakor was held without any of the issue's involved OPDs present.</summary>
    public static bool WithoutInvolvedOpds(IReadOnlyList<RakorHeld> held) => held.Count > 0 && held.All(h => h.InvolvedOpdsPresent.Count == 0);
}
