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

    /// <summary>Who: only the holder (403 <c>not-holder</c> for anyone else).</summary>
    public Refusal? MustHold(Issue issue) => IsHolder(issue) ? null : Refuse.NotHolder(issue);

    /// <summary>Who: only an officer of the reporting OPD (403 <c>not-reporter</c>).</summary>
    public Refusal? MustReport(Issue issue) =>
        Role == Roles.OpdOfficer && Office == issue.ReportingOpd ? null : Refuse.NotReporter(issue);
}

/// <summary>
/// The order every decision checks in, written once (docs/domain.md "Moves", order of checks): who may make the move
/// (403), its fields (400, every invalid one named), the state of what it acts on (409), then the rule and the events
/// (422, or accepted). A decision supplies the four parts; the first that refuses answers.
/// </summary>
public static class Checks
{
    public static T InOrder<T>(Refusal? who, Action<FieldErrors>? fields, Func<Refusal?>? state, Func<T> outcome, Func<Refusal, T> refuse)
    {
        if (who is not null) return refuse(who);
        if (fields is not null)
        {
            var errors = new FieldErrors();
            fields(errors);
            if (errors.Any) return refuse(errors.ToRefusal());
        }
        if (state?.Invoke() is { } wrongState) return refuse(wrongState);
        return outcome();
    }
}

/// <summary>The outcome of a pure decision: events to append, or a named refusal.</summary>
public sealed record Decision(IReadOnlyList<IIssueEvent> Events, Refusal? Refused)
{
    public static Decision Accept(params IIssueEvent[] events) => new(events, null);
    public static Decision Accept(IEnumerable<IIssueEvent> events) => new(events.ToList(), null);

    public static implicit operator Decision(Refusal refusal) => new([], refusal);

    /// <summary>A decision on an issue, its checks in the one order (<see cref="Checks"/>).</summary>
    public static Decision InOrder(Refusal? who, Action<FieldErrors>? fields, Func<Refusal?>? state, Func<Decision> outcome) =>
        Checks.InOrder(who, fields, state, outcome, refusal => refusal);
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

    /// <summary>State: a closed issue takes no move but notes (and reopen).</summary>
    public static Refusal? IfClosed(Issue issue) => issue.IsClosed ? Closed(issue) : null;

    /// <summary>State: open, and at this level.</summary>
    public static Refusal? UnlessOpenAt(Issue issue, IssueLevel level, string detail) =>
        IfClosed(issue) ?? (issue.Level == level ? null : WrongLevel(issue, detail));

    public static Refusal Stale(long expected, long current) =>
        new(412, null, $"Versi yang Anda pegang (\"{expected}\") sudah usang; versi sekarang \"{current}\". Muat ulang lalu coba lagi.");

    public static Refusal ChangedUnderneath(Issue issue) =>
        new(409, "concurrent-change", $"Masalah {issue.Number} baru saja diubah orang lain; muat ulang lalu coba lagi.");
}
