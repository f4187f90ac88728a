using Eskalasi.Infrastructure;
using Eskalasi.Issues.Moves;
using Eskalasi.Organisation;

namespace Eskalasi.Issues.FollowUps;

/// <summary>What a follow-up (tindak lanjut) is agreed as, wherever it is assigned: on the issue or in a rakor.</summary>
public sealed record FollowUpTerms(string? OwnerOpd, string? Description, string? DueDate, string? Indicator = null);

/// <summary>
/// The rule for a follow-up's terms, shared by the move that assigns one and the rakor outcome that agrees several
/// (docs/domain.md "Moves", assign follow-up): an owner OPD of the region, a description, a due date (a date in the
/// region's zone).
/// </summary>
public static class FollowUpRules
{
    public static FieldErrors Check(FollowUpTerms terms, RegionOrganisation region, string prefix, FieldErrors? into = null)
    {
        var errors = into ?? new FieldErrors();
        if (string.IsNullOrWhiteSpace(terms.OwnerOpd)) errors.Add(prefix + "ownerOpd", "Wajib diisi.");
        else if (region.FindOpd(terms.OwnerOpd) is null) errors.Add(prefix + "ownerOpd", $"OPD '{terms.OwnerOpd}' tidak ada di {region.Name}.");
        errors.Required(prefix + "description", terms.Description, 4000);
        if (terms.Indicator is { Length: > 1000 }) errors.Add(prefix + "indicator", "Paling banyak 1000 karakter.");
        if (string.IsNullOrWhiteSpace(terms.DueDate)) errors.Add(prefix + "dueDate", "Wajib diisi.");
        else if (!TryParseDate(terms.DueDate, out _)) errors.Add(prefix + "dueDate", "Harus tanggal YYYY-MM-DD.");
        return errors;
    }

    /// <summary>The event of a follow-up on these (checked) terms.</summary>
    public static FollowUpAssigned Assigned(Issue issue, FollowUpTerms terms, Guid? meetingId, MoveContext context)
    {
        TryParseDate(terms.DueDate, out var due);
        return new FollowUpAssigned(issue.Id, Guid.CreateVersion7(context.Now), terms.OwnerOpd!, terms.Description!.Trim(), due,
            meetingId, context.Actor, context.Now, string.IsNullOrWhiteSpace(terms.Indicator) ? null : terms.Indicator.Trim());
    }

    /// <summary>The follow-up a move names, or the 404 that it is not on this issue.</summary>
    public static FollowUp? Find(Issue issue, Guid followUpId, out Refusal? notFound)
    {
        var followUp = issue.FollowUps.FirstOrDefault(f => f.Id == followUpId);
        notFound = followUp is null ? new Refusal(404, null, $"Tindak lanjut {followUpId} tidak ada pada masalah {issue.Number}.") : null;
        return followUp;
    }

    /// <summary>Only an open follow-up can be completed, reported on or extended.</summary>
    public static Refusal? MustBeOpen(FollowUp followUp) => followUp.Status == FollowUpStatus.Open ? null
        : new Refusal(409, "follow-up-closed", $"Tindak lanjut ini sudah {(followUp.Status == FollowUpStatus.Completed ? "selesai" : "dibatalkan")}.");

    /// <summary>Only an officer of the owner OPD reports on a follow-up or completes it.</summary>
    public static Refusal? MustOwn(FollowUp followUp, MoveContext context) =>
        context.Role == Identity.Roles.OpdOfficer && context.Office == followUp.OwnerOpd ? null : Refuse.NotOwner(followUp.OwnerOpd);

    public static bool TryParseDate(string? value, out DateOnly date) => Times.TryParseDay(value, out date);
}
