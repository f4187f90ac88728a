using Eskalasi.Infrastructure;
using Eskalasi.Issues.Moves;
using Eskalasi.Organisation;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.Http;

namespace Eskalasi.Issues.Escalating;

public sealed record EmergencyEscalateIssue(string? Justification) : IssueMove;

/// <summary>docs/domain.md "Moves" (emergency raise): a darurat issue goes from its OPD straight to the Sekda, a flagged skip.</summary>
[WolverineHandler]
public static class EmergencyEscalate
{
    [WolverinePost("/api/issues/{id}/emergency-escalate")]
    public static Task<IResult> Post(Guid id, EmergencyEscalateIssue command, HttpContext http, IMessageBus bus) =>
        MoveHttp.Send(http, bus, id, command);

    public static Task<MoveResult> Handle(EmergencyEscalateIssue command, IssueMoves moves, IMessageContext bus, CancellationToken ct) =>
        moves.Execute(command, bus, (issue, context) => Decide(command, issue, context), ct);

    public static Decision Decide(EmergencyEscalateIssue command, Issue issue, MoveContext context)
    {
        if (!context.IsHolder(issue)) return Refuse.NotHolder(issue);
        var errors = new FieldErrors();
        errors.Required("justification", command.Justification, 4000);
        if (errors.Any) return errors.ToRefusal();
        if (issue.IsClosed) return Refuse.Closed(issue);
        if (issue.Level != IssueLevel.Opd) return Refuse.WrongLevel(issue, "hanya dari tingkat OPD.");
        if (issue.Urgency != Urgency.Darurat)
            return Refuse.Rule("level-skip", $"Hanya masalah berurgensi 'darurat' yang boleh langsung ke Sekda; {issue.Number} berurgensi '{issue.Urgency.ToString().ToLowerInvariant()}'.");
        return Decision.Accept(new IssueEmergencyRaised(issue.Id, issue.Holder, OfficeCodes.Sekda, command.Justification!.Trim(),
            context.Actor, context.Now));
    }
}
