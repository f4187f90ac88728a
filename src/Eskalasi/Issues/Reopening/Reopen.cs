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

namespace Eskalasi.Issues.Reopening;

public sealed record ReopenIssue(string? Reason) : IssueMove;

/// <summary>docs/domain.md "Moves" (reopen): the reporting OPD reopens a resolved issue within 30 days, back where it was resolved.</summary>
[WolverineHandler]
public static class Reopen
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(30);

    [WolverinePost("/api/issues/{id}/reopen")]
    public static Task<IResult> Post(Guid id, ReopenIssue command, HttpContext http, IMessageBus bus) =>
        MoveHttp.Send(http, bus, id, command);

    public static Task<MoveResult> Handle(ReopenIssue command,
        [WriteAggregate(nameof(IssueMove.IssueId), Required = false)] IEventStream<Issue> stream,
        [Entity(nameof(IssueMove.IssueId), Required = false)] IssueDetails? view,
        [Entity(nameof(IssueMove.ReplyId), Required = false)] IdempotentReply? earlier,
        IssueMoves moves, IDocumentSession session, IMessageContext bus, CancellationToken ct) =>
        moves.Apply(command, new MoveInputs(stream, view, earlier), session, bus, (issue, context) => Decide(command, issue, context), ct);

    public static Decision Decide(ReopenIssue command, Issue issue, MoveContext context) => Decision.InOrder(
        who: context.MustReport(issue),
        fields: errors => errors.Required("reason", command.Reason, 4000),
        state: () => issue.Status switch
        {
            IssueStatus.Open => new Refusal(409, "issue-open", $"Masalah {issue.Number} masih terbuka."),
            IssueStatus.Resolved => null,
            _ => Refuse.Closed(issue),
        },
        outcome: () => context.Now - issue.ResolvedOn > Window
            ? Refuse.Rule("reopen-window", $"Masalah {issue.Number} diselesaikan lebih dari 30 hari lalu; catat sebagai masalah baru.")
            : Decision.Accept(new IssueReopened(issue.Id, issue.ResolvedAt!.Level, issue.ResolvedAt.Holder, command.Reason!.Trim(),
                context.Actor, context.Now)));
}
