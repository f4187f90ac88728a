using Eskalasi.Identity;
using Eskalasi.Infrastructure;
using Eskalasi.Issues.Moves;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.Http;
using Wolverine.Persistence;
using Wolverine.Marten;
using Marten;
using JasperFx.Events;

namespace Eskalasi.Issues.Withdrawing;

public sealed record WithdrawIssue(string? Reason) : IssueMove;

/// <summary>docs/domain.md "Moves" (withdraw): the reporting OPD withdraws its issue, only while it is still at Opd level.</summary>
[WolverineHandler]
public static class Withdraw
{
    [WolverinePost("/api/issues/{id}/withdraw")]
    public static Task<IResult> Post(Guid id, WithdrawIssue command, HttpContext http, IMessageBus bus) =>
        MoveHttp.Send(http, bus, id, command);

    public static Task<MoveResult> Handle(WithdrawIssue command,
        [WriteAggregate(nameof(IssueMove.IssueId), Required = false)] IEventStream<Issue> stream,
        [Entity(nameof(IssueMove.IssueId), Required = false)] IssueDetails? view,
        [Entity(nameof(IssueMove.ReplyId), Required = false)] IdempotentReply? earlier,
        IssueMoves moves, IDocumentSession session, IMessageContext bus, CancellationToken ct) =>
        moves.Apply(command, new MoveInputs(stream, view, earlier), session, bus, (issue, context) => Decide(command, issue, context), ct);

    public static Decision Decide(WithdrawIssue command, Issue issue, MoveContext context) => Decision.InOrder(
        who: context.MustReport(issue),
        fields: errors => errors.Required("reason", command.Reason, 4000),
        state: () => Refuse.IfClosed(issue) ?? (IsStillWithItsReporter(issue) ? null
            : Refuse.WrongLevel(issue, "sudah pernah diangkat atau dipegang OPD lain; hanya bisa ditarik selama masih di OPD pelapor dan belum pernah diangkat.")),
        outcome: () => Decision.Accept(Closing.CancelOpenFollowUps(issue, "Masalah ditarik.", context)
            .Append(new IssueWithdrawn(issue.Id, command.Reason!.Trim(), context.Actor, context.Now))));

    /// <summary>At Opd level, held by the OPD that reported it, and never anywhere above: a returned issue or one
    /// handed to another OPD by a disposisi has been raised and is no longer the reporter's alone to withdraw.</summary>
    public static bool IsStillWithItsReporter(Issue issue) =>
        issue.Level == IssueLevel.Opd && issue.Holder == issue.ReportingOpd && issue.Path.All(p => p.Level == IssueLevel.Opd);
}
