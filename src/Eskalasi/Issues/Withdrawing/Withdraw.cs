using Eskalasi.Identity;
using Eskalasi.Infrastructure;
using Eskalasi.Issues.Moves;
using Wolverine.Http;

namespace Eskalasi.Issues.Withdrawing;

public sealed record WithdrawIssue(string? Reason);

/// <summary>DOMAIN.md §3 "withdraw": the reporting OPD withdraws its issue, only while it is still at Opd level.</summary>
public static class Withdraw
{
    [WolverinePost("/api/issues/{id}/withdraw")]
    public static Task<IResult> Post(Guid id, WithdrawIssue command, HttpContext http, IssueMoves moves) =>
        moves.Execute(http, id, command, (issue, context) => Decide(command, issue, context));

    public static Decision Decide(WithdrawIssue command, Issue issue, MoveContext context)
    {
        if (context.Role != Roles.OpdOfficer || context.Office != issue.ReportingOpd) return Refuse.NotReporter(issue);
        var errors = new FieldErrors();
        errors.Required("reason", command.Reason, 4000);
        if (errors.Any) return errors.ToRefusal();
        if (issue.IsClosed) return Refuse.Closed(issue);
        if (issue.Level != IssueLevel.Opd) return Refuse.WrongLevel(issue, "sudah diangkat; hanya bisa ditarik selama masih di OPD.");
        return Decision.Accept(Closing.CancelOpenFollowUps(issue, "Masalah ditarik.", context)
            .Append(new IssueWithdrawn(issue.Id, command.Reason!.Trim(), context.Actor, context.Now)));
    }
}
