using Eskalasi.Identity;
using Eskalasi.Infrastructure;
using Eskalasi.Organisation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Eskalasi.Issues.Moves;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.Http;

namespace Eskalasi.Meetings.Scheduling;

public sealed record GuestInput(string? Name, string? Institution)
{
    /// <summary>Checked guests as the event records them (trimmed), or null when there are none.</summary>
    public static IReadOnlyList<Guest>? ToGuests(IReadOnlyList<GuestInput?>? guests) =>
        guests is { Count: > 0 } ? guests.Select(g => new Guest(g!.Name!.Trim(), g.Institution!.Trim())).ToList() : null;
}

public sealed record ScheduleMeeting(string? ScheduledAt, string? Place, IReadOnlyList<string?>? InvitedOpds,
    IReadOnlyList<GuestInput?>? InvitedGuests = null) : MeetingStep;

/// <summary>
/// docs/domain.md "Coordination meetings (rakor)": an Asisten (or the Sekda, or the head) schedules a rakor with time, place and invited OPDs; the agenda is
/// drafted from the office's backlog. A meeting may be scheduled in the past too (it records a rakor held).
/// </summary>
[WolverineHandler]
public static class ScheduleMeetingEndpoint
{
    [Authorize(Roles = $"{Roles.Asisten},{Roles.Sekda},{Roles.Bupati}")]
    [WolverinePost("/api/meetings")]
    public static async Task<IResult> Post(ScheduleMeeting command, HttpContext http, IMessageBus bus)
    {
        var result = await bus.InvokeForTenantAsync<MeetingResult>(http.User.Region()!, command with { By = http.User.ToActor() },
            http.RequestAborted, TimeSpan.FromSeconds(60));
        return result.Refused is { } refused ? refused.ToResult() : Results.Created($"/api/meetings/{result.Meeting!.Id}", result.Meeting);
    }

    /// <summary>The office is the scheduler's own: its Asisten office, or the Sekda's for a Sekda-level rakor.</summary>
    public static async Task<MeetingResult> Handle(ScheduleMeeting command, IDocumentSession session, RegionDirectory regions,
        TimeProvider clock, CancellationToken ct)
    {
        var region = await regions.FindAsync(session.TenantId, ct);
        if (region is null) return MeetingResult.Refuse(new Refusal(404, null, Problems.NoOrganisation));
        var office = OfficeOf(region, command.By);
        if (office is null) return MeetingResult.Refuse(Refuse.Role("Hanya Asisten, Sekda dan kepala daerah yang menjadwalkan rapat koordinasi."));
        var errors = Check(command, region);
        if (errors.Any) return MeetingResult.Refuse(errors.ToRefusal());

        Times.TryParse(command.ScheduledAt, out var scheduledAt);
        var meeting = await StartAsync(session, region, office, scheduledAt, command.Place!.Trim(),
            command.InvitedOpds!.Select(o => o!).Distinct().ToList(),
            GuestInput.ToGuests(command.InvitedGuests),
            command.By, clock.GetUtcNow(), ct);
        return new MeetingResult(meeting, null);
    }

    /// <summary>
    /// The office whose rakor this person runs: an Asisten's own office, the Sekda's, and the head's (docs/domain.md
    /// "Series": the head may convene a rakor for the issues at its level, as Buleleng's Pj Bupati does with all OPDs).
    /// </summary>
    public static Office? OfficeOf(RegionOrganisation region, Identity.Actor by) => by.Role switch
    {
        Roles.Sekda => region.FindOffice(OfficeCodes.Sekda),
        Roles.Asisten => region.FindOffice(by.Office),
        Roles.Bupati => region.FindOffice(OfficeCodes.Head),
        _ => null,
    };

    /// <summary>
    /// A new meeting's stream, its agenda drafted now from what the office holds (also a series' next meeting, a week
    /// before it is due). Committed with the caller's session.
    /// </summary>
    public static async Task<Meeting> StartAsync(IDocumentSession session, RegionOrganisation region, Office office, DateTimeOffset scheduledAt,
        string place, IReadOnlyList<string> invitedOpds, IReadOnlyList<Guest>? guests, Identity.Actor by, DateTimeOffset now, CancellationToken ct)
    {
        var held = await DraftAgenda.HeldByAsync(session, office, ct);
        var agenda = DraftAgenda.Order(held, region.Today(now)).Select(i => new AgendaEntry(i.Id, i.Number, i.Title)).ToList();
        var id = Guid.CreateVersion7(now);
        var scheduled = new MeetingScheduled(id, office.Code, scheduledAt.ToUniversalTime(), place, invitedOpds, agenda, by, now, guests);
        session.Events.StartStream<Meeting>(id, scheduled); // committed by Wolverine's transactional middleware

        var meeting = Meeting.Create(scheduled);
        meeting.Version = 1;
        return meeting;
    }

    public static FieldErrors Check(ScheduleMeeting command, RegionOrganisation region)
    {
        var errors = new FieldErrors();
        if (!Times.TryParse(command.ScheduledAt, out _)) errors.Add("scheduledAt", "Wajib, waktu ISO 8601 dengan zona.");
        CheckInvitation(command.Place, command.InvitedOpds, command.InvitedGuests, region, errors);
        return errors;
    }

    /// <summary>Where and whom: a place, at least one OPD of the region, guests with a name and an institution.</summary>
    public static void CheckInvitation(string? place, IReadOnlyList<string?>? invitedOpds, IReadOnlyList<GuestInput?>? invitedGuests,
        RegionOrganisation region, FieldErrors errors)
    {
        errors.Required("place", place, 300);
        var invited = invitedOpds ?? [];
        if (invited.Count == 0) errors.Add("invitedOpds", "Undang paling sedikit satu OPD.");
        for (var i = 0; i < invited.Count; i++)
            if (region.FindOpd(invited[i]) is null) errors.Add($"invitedOpds[{i}]", $"OPD '{invited[i]}' tidak ada di {region.Name}.");
        var guests = invitedGuests ?? [];
        if (guests.Count > 100) errors.Add("invitedGuests", "Paling banyak 100 tamu.");
        for (var i = 0; i < guests.Count && i < 100; i++)
        {
            if (guests[i] is null) { errors.Add($"invitedGuests[{i}]", "Wajib diisi."); continue; }
            errors.Required($"invitedGuests[{i}].name", guests[i]!.Name, 200);
            errors.Required($"invitedGuests[{i}].institution", guests[i]!.Institution, 200);
        }
    }
}
