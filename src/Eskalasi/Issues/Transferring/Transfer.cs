using Eskalasi.Infrastructure;
using Eskalasi.Issues.Moves;
using Eskalasi.Organisation;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.Http;
using Wolverine.Persistence;
using Wolverine.Marten;
using Marten;
using JasperFx.Events;

namespace Eskalasi.Issues.Transferring;

public sealed record TransferIssue(string? ToOffice, string? Reason) : IssueMove;

/// <summary>docs/domain.md "Moves" (transfer): the holder Asisten hands the issue to another Asisten office.</summary>
[WolverineHandler]
public static class Transfer
{
    [WolverinePost("/api/issues/{id}/transfer")]
    public static Task<IResult> Post(Guid id, TransferIssue command, HttpContext http, IMessageBus bus) =>
        MoveHttp.Send(http, bus, id, command);

    public static Task<MoveResult> Handle(TransferIssue command,
        [WriteAggregate(nameof(IssueMove.IssueId), Required = false)] IEventStream<Issue> stream,
        [Entity(nameof(IssueMove.IssueId), Required = false)] IssueDetails? view,
        [Entity(nameof(IssueMove.ReplyId), Required = false)] IdempotentReply? earlier,
        IssueMoves moves, IDocumentSession session, IMessageContext bus, CancellationToken ct) =>
        moves.Apply(command, new MoveInputs(stream, view, earlier), session, bus, (issue, context) => Decide(command, issue, context), ct);

    public static Decision Decide(TransferIssue command, Issue issue, MoveContext context) => Decision.InOrder(
        who: context.MustHold(issue),
        fields: errors =>
        {
            errors.Required("toOffice", command.ToOffice, 100);
            errors.Required("reason", command.Reason, 4000);
        },
        state: () => Refuse.UnlessOpenAt(issue, IssueLevel.Asisten, "hanya Asisten yang memindahkan ke Asisten lain."),
        outcome: () => context.Region.FindOffice(command.ToOffice) is { Kind: OfficeKinds.Asisten } target && target.Code != issue.Holder
            ? Decision.Accept(new IssueTransferred(issue.Id, issue.Holder, target.Code, command.Reason!.Trim(), context.Actor, context.Now,
                Escalating.AssistantFirstRule.MeetingsBefore(issue)))
            : Refuse.Rule("unknown-office", $"'{command.ToOffice}' bukan kantor Asisten lain di {context.Region.Name}."));
}
