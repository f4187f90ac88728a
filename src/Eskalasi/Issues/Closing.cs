using Eskalasi.Issues.Moves;

namespace Eskalasi.Issues;

/// <summary>Closing an issue, by whichever move: a resolution (by its holder or by a rakor's agreement), a withdrawal, a duplicate.</summary>
public static class Closing
{
    /// <summary>The issue resolved where it is now; its open follow-ups cancelled first.</summary>
    public static IEnumerable<IIssueEvent> Resolved(Issue issue, string resolution, Guid? meetingId, MoveContext context) =>
        CancelOpenFollowUps(issue, "Masalah diselesaikan.", context)
            .Append(new IssueResolved(issue.Id, issue.Level, issue.Holder, resolution, meetingId, context.Actor, context.Now));

    /// <summary>docs/domain.md "Moves": resolving, withdrawing or marking duplicate cancels the issue's open follow-ups.</summary>
    public static IEnumerable<IIssueEvent> CancelOpenFollowUps(Issue issue, string reason, MoveContext context) =>
        issue.OpenFollowUps.Select(f => new FollowUpCancelled(issue.Id, f.Id, reason, context.Actor, context.Now));
}
