using System.Security.Claims;
using Eskalasi.Identity;
using Eskalasi.Infrastructure;
using Eskalasi.Organisation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Eskalasi.Meetings.Scheduling;

public sealed record ScheduleMeeting(string? ScheduledAt, string? Place, IReadOnlyList<string?>? InvitedOpds);

/// <summary>
/// DOMAIN.md §4: an Asisten (or the Sekda) schedules a rakor with time, place and invited OPDs; the agenda is
/// drafted from the office's backlog. A meeting may be scheduled in the past too (it records a rakor held).
/// </summary>
public static class ScheduleMeetingEndpoint
{
    public static async Task<(RegionOrganisation?, Office?, IReadOnlyList<Issues.IssueDetails>)> LoadAsync(
        IDocumentSession session, ClaimsPrincipal user, RegionDirectory regions, CancellationToken ct)
    {
        var region = await regions.FindAsync(session.TenantId, ct);
        var office = region?.FindOffice(user.Role() == Roles.Sekda ? OfficeCodes.Sekda : user.Office());
        var held = office is null ? [] : await DraftAgenda.HeldByAsync(session, office, ct);
        return (region, office, held);
    }

    public static ProblemDetails Validate(ScheduleMeeting command, RegionOrganisation? region, Office? office)
    {
        if (region is null) return Problems.Create(404, Problems.NoOrganisation);
        if (office is null) return Problems.Create(403, "Kantor pada token tidak terdaftar di wilayah ini.", "role");
        var errors = new FieldErrors();
        if (!Times.TryParse(command.ScheduledAt, out _)) errors.Add("scheduledAt", "Wajib, waktu ISO 8601 dengan zona.");
        errors.Required("place", command.Place, 300);
        var invited = command.InvitedOpds ?? [];
        if (invited.Count == 0) errors.Add("invitedOpds", "Undang paling sedikit satu OPD.");
        for (var i = 0; i < invited.Count; i++)
            if (region.FindOpd(invited[i]) is null) errors.Add($"invitedOpds[{i}]", $"OPD '{invited[i]}' tidak ada di {region.Name}.");
        return errors.Any ? errors.ToProblem() : WolverineContinue.NoProblems;
    }

    [Authorize(Roles = $"{Roles.Asisten},{Roles.Sekda}")]
    [WolverinePost("/api/meetings")]
    public static (IResult, IStartStream) Post(ScheduleMeeting command, RegionOrganisation region, Office office,
        IReadOnlyList<Issues.IssueDetails> held, ClaimsPrincipal user, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        Times.TryParse(command.ScheduledAt, out var scheduledAt);
        var today = region.Today(now);
        var agenda = DraftAgenda.Order(held, today).Select(i => new AgendaEntry(i.Id, i.Number, i.Title)).ToList();

        var id = Guid.CreateVersion7(now);
        var scheduled = new MeetingScheduled(id, office.Code, scheduledAt.ToUniversalTime(), command.Place!.Trim(),
            command.InvitedOpds!.Select(o => o!).Distinct().ToList(), agenda, user.ToActor(), now);
        var meeting = Meeting.Create(scheduled);
        meeting.Version = 1;
        return (Results.Created($"/api/meetings/{id}", meeting), MartenOps.StartStream<Meeting>(id, scheduled));
    }
}
