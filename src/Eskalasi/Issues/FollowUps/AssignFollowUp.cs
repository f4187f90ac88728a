using System.Globalization;
using Eskalasi.Infrastructure;
using Eskalasi.Issues.Moves;
using Eskalasi.Organisation;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.Http;

namespace Eskalasi.Issues.FollowUps;

public sealed record AssignFollowUpToIssue(string? OwnerOpd, string? Description, string? DueDate) : IssueMove;

public sealed record FollowUpCreated(Guid Id);

/// <summary>docs/domain.md "Moves" (assign follow-up) (tindak lanjut): the holder at Asisten, Sekda or Bupati level.</summary>
[WolverineHandler]
public static class AssignFollowUp
{
    [WolverinePost("/api/issues/{id}/follow-ups")]
    public static Task<IResult> Post(Guid id, AssignFollowUpToIssue command, HttpContext http, IMessageBus bus) =>
        MoveHttp.Send(http, bus, id, command, 201);

    /// <summary>Answers with the new follow-up's id (<see cref="FollowUpCreated"/>) besides the issue.</summary>
    public static Task<MoveResult> Handle(AssignFollowUpToIssue command, IssueMoves moves, IMessageContext bus, CancellationToken ct) =>
        moves.Execute(command, bus, (issue, context) => Decide(command, issue, context), ct,
            created: events => new FollowUpCreated(events.OfType<FollowUpAssigned>().Single().FollowUpId));

    public static Decision Decide(AssignFollowUpToIssue command, Issue issue, MoveContext context)
    {
        if (!context.IsHolder(issue)) return Refuse.NotHolder(issue);
        var errors = Check(command, context.Region, "");
        if (errors.Any) return errors.ToRefusal();
        if (issue.IsClosed) return Refuse.Closed(issue);
        if (issue.Level == IssueLevel.Opd) return Refuse.WrongLevel(issue, "tindak lanjut ditugaskan dari tingkat Asisten ke atas.");
        return Decision.Accept(Assigned(issue, command, null, context));
    }

    public static FieldErrors Check(AssignFollowUpToIssue command, RegionOrganisation region, string prefix, FieldErrors? into = null)
    {
        var errors = into ?? new FieldErrors();
        if (string.IsNullOrWhiteSpace(command.OwnerOpd)) errors.Add(prefix + "ownerOpd", "Wajib diisi.");
        else if (region.FindOpd(command.OwnerOpd) is null) errors.Add(prefix + "ownerOpd", $"OPD '{command.OwnerOpd}' tidak ada di {region.Name}.");
        errors.Required(prefix + "description", command.Description, 4000);
        if (string.IsNullOrWhiteSpace(command.DueDate)) errors.Add(prefix + "dueDate", "Wajib diisi.");
        else if (!TryParseDate(command.DueDate, out _)) errors.Add(prefix + "dueDate", "Harus tanggal YYYY-MM-DD.");
        return errors;
    }

    public static FollowUpAssigned Assigned(Issue issue, AssignFollowUpToIssue command, Guid? meetingId, MoveContext context)
    {
        TryParseDate(command.DueDate, out var due);
        return new FollowUpAssigned(issue.Id, Guid.CreateVersion7(context.Now), command.OwnerOpd!, command.Description!.Trim(), due,
            meetingId, context.Actor, context.Now);
    }

    public static bool TryParseDate(string? value, out DateOnly date) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
