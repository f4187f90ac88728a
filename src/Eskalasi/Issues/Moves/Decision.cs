using Eskalasi.Identity;
using Eskalasi.Infrastructure;
using Eskalasi.Organisation;

namespace Eskalasi.Issues.Moves;

/// <summary>What a decision knows besides the issue and the command: who acts, where, and when.</summary>
public sealed record MoveContext(Actor Actor, RegionOrganisation Region, DateTimeOffset Now)
{
    public string Role => Actor.Role;
    public string? Office => Actor.Office;
    public DateOnly Today => Region.Today(Now);

    /// <summary>Whether the actor is the one who must act now (docs/domain.md "The issue").</summary>
    public bool IsHolder(Issue issue) => issue.Level switch
    {
        IssueLevel.Opd => Role == Roles.OpdOfficer && Office == issue.Holder,
        IssueLevel.Asisten => Role == Roles.Asisten && Office == issue.Holder,
        IssueLevel.Sekda => Role == Roles.Sekda,
        IssueLevel.Bupati => Role == Roles.Bupati,
        _ => false,
    };
}

/// <summary>The outcome of a pure decision: events to append, or a named refusal.</summary>
public sealed record Decision(IReadOnlyList<IIssueEvent> Events, Refusal? Refused)
{
    public static Decision Accept(params IIssueEvent[] events) => new(events, null);
    public static Decision Accept(IEnumerable<IIssueEvent> events) => new(events.ToList(), null);

    public static implicit operator Decision(Refusal refusal) => new([], refusal);
}

/// <summary>The refusals of the chain, each with the status and rule name of docs/api.md "Conventions".</summary>
public static class Refuse
{
    public static Refusal NotHolder(Issue issue) =>
        new(403, "not-holder", $"Hanya pemegang saat ini ({issue.Holder}) yang boleh melakukan ini.");

    public static Refusal NotReporter(Issue issue) =>
        new(403, "not-reporter", $"Hanya OPD pelapor ({issue.ReportingOpd}) yang boleh melakukan ini.");

    public static Refusal NotOwner(string owner) =>
        new(403, "not-owner", $"Hanya OPD pemilik tindak lanjut ({owner}) yang boleh melakukan ini.");

    public static Refusal Role(string detail) => new(403, "role", detail);

    public static Refusal Closed(Issue issue) =>
        new(409, "issue-closed", $"Masalah {issue.Number} sudah ditutup ({issue.Status.ToString().ToLowerInvariant()}).");

    public static Refusal WrongLevel(Issue issue, string detail) =>
        new(409, "wrong-level", $"Masalah {issue.Number} ada di tingkat {issue.Level.ToString().ToLowerInvariant()}: {detail}");

    public static Refusal Rule(string rule, string detail) => new(422, rule, detail);

    public static Refusal Stale(long expected, long current) =>
        new(412, null, $"Versi yang Anda pegang (\"{expected}\") sudah usang; versi sekarang \"{current}\". Muat ulang lalu coba lagi.");

    public static Refusal ChangedUnderneath(Issue issue) =>
        new(409, "concurrent-change", $"Masalah {issue.Number} baru saja diubah orang lain; muat ulang lalu coba lagi.");
}
