using Eskalasi.Identity;
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

namespace Eskalasi.Issues.Deciding;

public sealed record DecideIssue(string? ToLevel, string? ToOffice, string? Decision) : IssueMove;

/// <summary>docs/domain.md "Moves" (decide): the regional head's disposisi down to the Sekda, a named Asisten or a named OPD.</summary>
[WolverineHandler]
public static class DecideEndpoint
{
    [WolverinePost("/api/issues/{id}/decide")]
    public static Task<IResult> Post(Guid id, DecideIssue command, HttpContext http, IMessageBus bus) =>
        MoveHttp.Send(http, bus, id, command);

    public static Task<MoveResult> Handle(DecideIssue command,
        [WriteAggregate(nameof(IssueMove.IssueId), Required = false)] IEventStream<Issue> stream,
        [Entity(nameof(IssueMove.IssueId), Required = false)] IssueDetails? view,
        [Entity(nameof(IssueMove.ReplyId), Required = false)] IdempotentReply? earlier,
        IssueMoves moves, IDocumentSession session, IMessageContext bus, CancellationToken ct) =>
        moves.Apply(command, new MoveInputs(stream, view, earlier), session, bus, (issue, context) => Decide(command, issue, context), ct);

    public static Decision Decide(DecideIssue command, Issue issue, MoveContext context) => Decision.InOrder(
        who: context.Role == Roles.Bupati ? null : Refuse.Role($"Hanya {context.Region.HeadTitle} yang membuat disposisi."),
        fields: errors =>
        {
            errors.Required("decision", command.Decision, 4000);
            var level = LevelOf(command.ToLevel);
            if (level is null) errors.Add("toLevel", "Harus salah satu dari: sekda, asisten, opd.");
            if (level is IssueLevel.Asisten or IssueLevel.Opd && string.IsNullOrWhiteSpace(command.ToOffice))
                errors.Add("toOffice", "Wajib diisi untuk disposisi ke Asisten atau OPD.");
        },
        state: () => Refuse.UnlessOpenAt(issue, IssueLevel.Bupati, "disposisi hanya untuk masalah di tingkat kepala daerah."),
        outcome: () =>
        {
            var level = LevelOf(command.ToLevel)!.Value;
            var holder = level switch
            {
                IssueLevel.Sekda => OfficeCodes.Sekda,
                IssueLevel.Asisten => context.Region.FindOffice(command.ToOffice) is { Kind: OfficeKinds.Asisten } a ? a.Code : null,
                _ => context.Region.FindOpd(command.ToOffice)?.Code,
            };
            if (holder is null)
                return Refuse.Rule("unknown-office", $"'{command.ToOffice}' tidak dikenal sebagai {command.ToLevel} di {context.Region.Name}.");
            return Decision.Accept(new DecisionMade(issue.Id, level, holder, command.Decision!.Trim(), context.Actor, context.Now,
                Escalating.AssistantFirstRule.MeetingsBefore(issue)));
        });

    private static IssueLevel? LevelOf(string? toLevel) => toLevel switch
    {
        "sekda" => IssueLevel.Sekda,
        "asisten" => IssueLevel.Asisten,
        "opd" => IssueLevel.Opd,
        _ => null,
    };
}
