using Eskalasi.Issues.Moves;

namespace Eskalasi.Issues;

public static class Closing
{
    /// <summary>docs/domain.md "Moves": resolving, withdrawing or marking duplicate cancels the issue's open follow-ups.</summary>
    public static IEnumerable<IIssueEvent> CancelOpenFollowUps(Issue issue, string reason, MoveContext context) =>
        issue.OpenFollowUps.Select(f => new FollowUpCancelled(issue.Id, f.Id, reason, context.Actor, context.Now));
}
