using Eskalasi.Issues;
using Eskalasi.Meetings;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Eskalasi.Inbox;

public enum InboxKind { Arrived, Returned, Decided, Overdue, FollowUpAssigned, FollowUpOverdue, MeetingInvitation, UrgentLogged, MinutesDistributed }

/// <summary>
/// Something that needs the attention of an office or OPD (<see cref="Recipient"/>: an office code or an OPD code),
/// derived from the events by an inline projection. Whether a user has read it is kept apart
/// (<see cref="InboxRead"/>), so the projection can be rebuilt without losing it.
/// </summary>
public sealed record InboxItem(Guid Id, string Recipient, InboxKind Kind, Guid? IssueId, Guid? MeetingId, string? From,
    string? Detail, DateTimeOffset At);

public sealed record InboxRead(string Id, DateTimeOffset At)
{
    public static string For(string user, Guid item) => $"{user}|{item}";
}

public sealed partial class InboxProjection : EventProjection
{
    public InboxItem Create(IEvent<IssueEscalated> e) =>
        Item(e, e.Data.ToHolder, InboxKind.Arrived, e.StreamId, e.Data.FromHolder, e.Data.Justification, e.Data.At);

    public InboxItem Create(IEvent<IssueEmergencyRaised> e) =>
        Item(e, e.Data.ToHolder, InboxKind.Arrived, e.StreamId, e.Data.FromHolder, e.Data.Justification, e.Data.At);

    public InboxItem Create(IEvent<IssueTransferred> e) =>
        Item(e, e.Data.ToOffice, InboxKind.Arrived, e.StreamId, e.Data.FromOffice, e.Data.Reason, e.Data.At);

    public InboxItem Create(IEvent<IssueReturned> e) =>
        Item(e, e.Data.ToHolder, InboxKind.Returned, e.StreamId, e.Data.FromHolder, e.Data.Instruction, e.Data.At);

    public InboxItem Create(IEvent<DecisionMade> e) =>
        Item(e, e.Data.ToHolder, InboxKind.Decided, e.StreamId, "head", e.Data.Decision, e.Data.At);

    public InboxItem Create(IEvent<IssueReopened> e) =>
        Item(e, e.Data.ToHolder, InboxKind.Arrived, e.StreamId, e.Data.By.Office, e.Data.Reason, e.Data.At);

    public InboxItem Create(IEvent<IssueBecameOverdue> e) =>
        Item(e, e.Data.LevelAbove, InboxKind.Overdue, e.StreamId, e.Data.Holder, null, e.Data.At);

    public InboxItem Create(IEvent<FollowUpAssigned> e) =>
        Item(e, e.Data.OwnerOpd, InboxKind.FollowUpAssigned, e.StreamId, e.Data.By.Office, e.Data.Description, e.Data.At);

    public InboxItem Create(IEvent<FollowUpBecameOverdue> e) =>
        Item(e, e.Data.OwnerOpd, InboxKind.FollowUpOverdue, e.StreamId, null, e.Data.DueDate.ToString("yyyy-MM-dd"), e.Data.At);

    /// <summary>Early sight: a new tinggi or darurat issue tells the Asisten coordinating its OPD, which still holds it.</summary>
    public void Project(IEvent<IssueLogged> e, IDocumentOperations operations)
    {
        if (e.Data.Urgency == Urgency.Biasa || e.Data.WatchedBy is not { } asisten) return;
        operations.Store(Item(e, asisten, InboxKind.UrgentLogged, e.StreamId, e.Data.ReportingOpd, e.Data.Urgency.ToString(), e.Data.At));
    }

    public void Project(IEvent<MeetingScheduled> e, IDocumentOperations operations)
    {
        foreach (var opd in e.Data.InvitedOpds)
            operations.Store(new InboxItem(Deterministic(e.Id, opd), opd, InboxKind.MeetingInvitation, null, e.StreamId, e.Data.Office,
                e.Data.Place, e.Data.At));
    }

    /// <summary>docs/domain.md "Guests": concluding distributes the final minutes to every invited OPD.</summary>
    public void Project(IEvent<MeetingConcluded> e, IDocumentOperations operations)
    {
        foreach (var opd in e.Data.MinutesTo ?? [])
            operations.Store(new InboxItem(Deterministic(e.Id, opd), opd, InboxKind.MinutesDistributed, null, e.StreamId, null, null, e.Data.At));
    }

    private static InboxItem Item(IEvent e, string recipient, InboxKind kind, Guid issueId, string? from, string? detail, DateTimeOffset at) =>
        new(e.Id, recipient, kind, issueId, null, from, detail, at);

    /// <summary>One id per (event, recipient), stable across rebuilds.</summary>
    private static Guid Deterministic(Guid eventId, string recipient)
    {
        var bytes = eventId.ToByteArray();
        var hash = System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(recipient));
        for (var i = 0; i < 16; i++) bytes[i] ^= hash[i];
        return new Guid(bytes);
    }
}
