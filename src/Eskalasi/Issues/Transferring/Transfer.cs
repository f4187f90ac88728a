using Eskalasi.Infrastructure;
using Eskalasi.Issues.Moves;
using Eskalasi.Organisation;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.Http;

namespace Eskalasi.Issues.Transferring;

public sealed record TransferIssue(string? ToOffice, string? Reason) : IssueMove;

/// <summary>docs/domain.md "Moves" (transfer): the holder Asisten hands the issue to another Asisten office.</summary>
[WolverineHandler]
public static class Transfer
{
    [WolverinePost("/api/issues/{id}/transfer")]
    public static Task<IResult> Post(Guid id, TransferIssue command, HttpContext http, IMessageBus bus) =>
        MoveHttp.Send(http, bus, id, command);

    public static Task<MoveResult> Handle(TransferIssue command, IssueMoves moves, IMessageContext bus, CancellationToken ct) =>
        moves.Execute(command, bus, (issue, context) => Decide(command, issue, context), ct);

    public static Decision Decide(TransferIssue command, Issue issue, MoveContext context)
    {
        if (!context.IsHolder(issue)) return Refuse.NotHolder(issue);
        var errors = new FieldErrors();
        errors.Required("toOffice", command.ToOffice, 100);
        errors.Required("reason", command.Reason, 4000);
        if (errors.Any) return errors.ToRefusal();
        if (issue.IsClosed) return Refuse.Closed(issue);
        if (issue.Level != IssueLevel.Asisten) return Refuse.WrongLevel(issue, "hanya Asisten yang memindahkan ke Asisten lain.");

        var target = context.Region.FindOffice(command.ToOffice);
        if (target is not { Kind: OfficeKinds.Asisten } || target.Code == issue.Holder)
            return Refuse.Rule("unknown-office", $"'{command.ToOffice}' bukan kantor Asisten lain di {context.Region.Name}.");

        return Decision.Accept(new IssueTransferred(issue.Id, issue.Holder, target.Code, command.Reason!.Trim(), context.Actor, context.Now,
            Escalating.AssistantFirstRule.MeetingsBefore(issue)));
    }
}
