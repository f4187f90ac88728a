using Eskalasi.Infrastructure;
using Eskalasi.Issues;
using Eskalasi.Issues.Moves;
using Marten;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.Http;
using Wolverine.Marten;
using JasperFx.Events;

namespace Eskalasi.Meetings.Agenda;

public sealed record EditAgenda(IReadOnlyList<Guid>? IssueIds) : MeetingStep;

/// <summary>docs/domain.md "Coordination meetings (rakor)": the agenda can be edited until the meeting starts; it lists open issues the office holds.</summary>
[WolverineHandler]
public static class EditAgendaEndpoint
{
    [WolverinePut("/api/meetings/{id}/agenda")]
    public static Task<IResult> Put(Guid id, EditAgenda command, HttpContext http, IMessageBus bus) => MeetingHttp.Send(http, bus, id, command);

    public static Task<MeetingResult> Handle(EditAgenda command,
        [WriteAggregate(nameof(MeetingStep.MeetingId), Required = false)] IEventStream<Meeting> meeting,
        MeetingDesk desk, IDocumentSession session, IMessageContext bus, CancellationToken ct) =>
        desk.Apply(command, meeting, session, bus, _ => [], async (session, token) =>
        {
            var ids = command.IssueIds ?? [];
            var issues = (await session.LoadManyAsync<IssueDetails>(token, ids.Distinct())).ToDictionary(i => i.Id);
            return (meeting, _, context) => Decide(command, meeting, issues, context);
        }, ct);

    public static MeetingDecision Decide(EditAgenda command, Meeting meeting, IReadOnlyDictionary<Guid, IssueDetails> issues, MoveContext context)
    {
        var ids = command.IssueIds ?? [];
        return MeetingDecision.InOrder(
            who: context.MustRun(meeting),
            fields: errors =>
            {
                if (command.IssueIds is null) errors.Add("issueIds", "Wajib diisi (boleh kosong).");
                for (var i = 0; i < ids.Count; i++)
                {
                    if (!issues.ContainsKey(ids[i])) errors.Add($"issueIds[{i}]", $"Masalah {ids[i]} tidak ada di wilayah ini.");
                    else if (ids.Take(i).Contains(ids[i])) errors.Add($"issueIds[{i}]", "Disebut dua kali.");
                }
            },
            state: () => meeting.Status == MeetingStatus.Scheduled ? null
                : new Refusal(409, "meeting-started", "Agenda hanya bisa diubah sebelum rapat dimulai."),
            outcome: () => ids.Select(i => issues[i]).FirstOrDefault(i => !HeldBy(i, meeting.Office)) is { } notHeld
                ? Refuse.Rule("meeting-office-not-holder", $"Masalah {notHeld.Number} tidak sedang dipegang {meeting.Office}.")
                : MeetingDecision.Accept(new MeetingAgendaChanged(meeting.Id,
                    ids.Select(i => new AgendaEntry(i, issues[i].Number, issues[i].Title)).ToList(), context.Actor, context.Now)));
    }

    /// <summary>An issue the office may put on its agenda: open and held by it at Asisten or Sekda level.</summary>
    public static bool HeldBy(IssueDetails issue, string office) => issue.Status == IssueStatus.Open && issue.Holder == office
        && issue.Level is IssueLevel.Asisten or IssueLevel.Sekda;
}
