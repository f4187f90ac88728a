using Eskalasi.Identity;

namespace Eskalasi.Issues;

// DOMAIN.md §3. Events are facts in the past tense; once written they never change meaning.
// Every event carries who acted (By) and when (At, from the injected clock).

public interface IIssueEvent
{
    Actor By { get; }
    DateTimeOffset At { get; }
}

public enum IssueLevel { Opd, Asisten, Sekda, Bupati }

public enum IssueStatus { Open, Resolved, Withdrawn, Duplicate }

public enum Urgency { Biasa, Tinggi, Darurat }

public sealed record Location(string Text, double? Lat = null, double? Lon = null);

/// <summary>An OPD officer logged a field problem; it starts at level Opd, held by the officer's OPD.</summary>
public sealed record IssueLogged(
    Guid IssueId,
    string Number,
    string Region,
    string Title,
    string Description,
    string Category,
    Location Location,
    Urgency Urgency,
    string ReportingOpd,
    IReadOnlyList<string> RelatedOpds,
    DateTimeOffset ObservedAt,
    Actor By,
    DateTimeOffset At) : IIssueEvent;
