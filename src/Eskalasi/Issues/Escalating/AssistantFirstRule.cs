using Eskalasi.Infrastructure;
using Eskalasi.Issues.Moves;

namespace Eskalasi.Issues.Escalating;

/// <summary>
/// docs/domain.md "The assistant-first rule" — the reason this product exists. An Asisten may escalate to
/// the Sekda only when all three hold:
/// 1. meeting — since the issue last arrived at that office, one of that office's coordination meetings
///    gave it an outcome other than <c>deferred</c> (waived for a <c>darurat</c> issue: an emergency skip);
/// 2. reason — one of the reason codes below;
/// 3. justification — at least 30 characters.
/// </summary>
public static class AssistantFirstRule
{
    public static readonly string[] ReasonCodes = ["kewenangan", "anggaran-apbd", "lintas-asisten", "regulasi", "pihak-eksternal"];
    public const int MinimumJustification = 30;

    public static Refusal? Check(Issue issue, string? reasonCode, string? justification)
    {
        if (!WasDiscussedInAMeeting(issue) && issue.Urgency != Urgency.Darurat)
            return Refuse.Rule("assistant-first.meeting",
                $"Masalah {issue.Number} belum dibahas dengan hasil (selain 'ditunda') dalam rapat koordinasi {issue.Holder} " +
                "sejak tiba di sana. Bahas dahulu dalam rakor.");

        if (reasonCode is null || !ReasonCodes.Contains(reasonCode))
            return Refuse.Rule("assistant-first.reason",
                $"Alasan eskalasi harus salah satu dari: {string.Join(", ", ReasonCodes)}.");

        if ((justification?.Trim().Length ?? 0) < MinimumJustification)
            return Refuse.Rule("assistant-first.justification",
                $"Justifikasi eskalasi paling sedikit {MinimumJustification} karakter.");

        return null;
    }

    /// <summary>Condition 1: only meetings of the holding office since the last arrival count, and <c>deferred</c> does not.</summary>
    public static bool WasDiscussedInAMeeting(Issue issue) =>
        issue.DiscussionsSinceArrival.Any(d => d.Office == issue.Holder && d.Outcome != MeetingOutcome.Deferred);

    /// <summary>The meetings that satisfy condition 1, each once with its latest outcome (what the audit names).</summary>
    public static IReadOnlyList<QualifyingMeeting> QualifyingMeetings(Issue issue) =>
        issue.DiscussionsSinceArrival.Where(d => d.Office == issue.Holder && d.Outcome != MeetingOutcome.Deferred)
            .GroupBy(d => d.MeetingId).Select(g => new QualifyingMeeting(g.Key, g.Last().Outcome)).ToList();

    public static int MeetingsBefore(Issue issue) =>
        issue.DiscussionsSinceArrival.Select(d => d.MeetingId).Distinct().Count();
}

/// <summary>docs/domain.md "Moves": the Sekda escalates to the regional head with a reason code and a justification ≥ 30 characters.</summary>
public static class HeadEscalationRule
{
    public static readonly string[] ReasonCodes = ["kebijakan", "anggaran-apbd", "pihak-eksternal", "risiko-hukum"];

    public static Refusal? Check(string? reasonCode, string? justification)
    {
        if (reasonCode is null || !ReasonCodes.Contains(reasonCode))
            return Refuse.Rule("head-escalation.reason", $"Alasan eskalasi ke kepala daerah harus salah satu dari: {string.Join(", ", ReasonCodes)}.");
        if ((justification?.Trim().Length ?? 0) < AssistantFirstRule.MinimumJustification)
            return Refuse.Rule("head-escalation.justification",
                $"Justifikasi eskalasi paling sedikit {AssistantFirstRule.MinimumJustification} karakter.");
        return null;
    }
}
