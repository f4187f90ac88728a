using Eskalasi.Infrastructure;
using Eskalasi.Issues.Moves;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.Http;
using Wolverine.Marten;
using Marten;
using JasperFx.Events;

namespace Eskalasi.Meetings.Running;

/// <summary>An invited OPD's attendance (<see cref="Opd"/>), or a guest's by their place in the invitation (<see cref="Guest"/>).</summary>
public sealed record RecordAttendance(string? Opd, bool? Present, string? Representative, int? Guest = null) : MeetingStep;

/// <summary>docs/domain.md "Coordination meetings (rakor)": during the meeting, attendance is recorded per OPD (a later record for the same OPD replaces it).</summary>
[WolverineHandler]
public static class RecordAttendanceEndpoint
{
    [WolverinePost("/api/meetings/{id}/attendance")]
    public static Task<IResult> Post(Guid id, RecordAttendance command, HttpContext http, IMessageBus bus) =>
        MeetingHttp.Send(http, bus, id, command);

    public static Task<MeetingResult> Handle(RecordAttendance command,
        [WriteAggregate(nameof(MeetingStep.MeetingId), Required = false)] IEventStream<Meeting> meeting,
        MeetingDesk desk, IDocumentSession session, IMessageContext bus, CancellationToken ct) =>
        desk.Apply(command, meeting, session, bus, _ => [], (meeting, _, context) => Decide(command, meeting, context), ct);

    public static MeetingDecision Decide(RecordAttendance command, Meeting meeting, MoveContext context) => MeetingDecision.InOrder(
        who: context.MustRun(meeting),
        fields: errors =>
        {
            if (command.Guest is { } guest)
            {
                if (command.Opd is not null) errors.Add("guest", "Isi 'opd' atau 'guest', tidak keduanya.");
                else if (guest < 0 || guest >= meeting.Guests.Count)
                    errors.Add("guest", meeting.Guests.Count == 0 ? "Rapat ini tidak mengundang tamu." : $"Nomor tamu 0 sampai {meeting.Guests.Count - 1}.");
            }
            else if (string.IsNullOrWhiteSpace(command.Opd)) errors.Add("opd", "Wajib diisi (atau 'guest' untuk tamu undangan).");
            else if (context.Region.FindOpd(command.Opd) is null) errors.Add("opd", $"OPD '{command.Opd}' tidak ada di {context.Region.Name}.");
            if (command.Present is null) errors.Add("present", "Wajib diisi (true/false).");
        },
        state: () => meeting.Status == MeetingStatus.Started ? null : MeetingRefusals.NotRunning(meeting),
        outcome: () => command.Guest is { } guest
            ? MeetingDecision.Accept(new GuestAttendanceRecorded(meeting.Id, guest, command.Present!.Value, context.Actor, context.Now))
            : MeetingDecision.Accept(new AttendanceRecorded(meeting.Id, command.Opd!, command.Present!.Value,
                string.IsNullOrWhiteSpace(command.Representative) ? null : command.Representative.Trim(), context.Actor, context.Now)));
}

public static class MeetingRefusals
{
    public static Refusal NotRunning(Meeting meeting) => meeting.Status == MeetingStatus.Scheduled
        ? new Refusal(409, "meeting-not-started", "Rapat belum dimulai.")
        : new Refusal(409, "meeting-concluded", "Rapat sudah ditutup; notulen sudah final.");
}
