using Eskalasi.Identity;
using Eskalasi.Issues;

namespace Eskalasi.Tests.Decisions;

/// <summary>
/// Events reach state through one dispatch per model (<see cref="Issue.Then"/> for decisions,
/// <see cref="IssueDetailsProjection.Next"/> for the view a move answers with). A new event type that neither
/// knows fails here rather than leaving a state silently unchanged.
/// </summary>
public sealed class every_issue_event_changes_state_somewhere
{
    private static readonly Actor By = new("x/opd/dinas-pupr", Roles.OpdOfficer, "dinas-pupr");
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 3, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.NewGuid();
    private static readonly Guid FollowUpId = Guid.NewGuid();

    private static readonly IssueLogged Logged = new(Id, "X-2026-00001", "x", "t", "d", "infrastruktur", new Location("x"), Urgency.Tinggi,
        "dinas-pupr", ["pdam"], Now, By, Now);

    /// <summary>One of each kind, after the log, in an order the chain allows.</summary>
    private static readonly IIssueEvent[] OneOfEach =
    [
        new IssueEscalated(Id, IssueLevel.Opd, "dinas-pupr", IssueLevel.Asisten, "asisten-2", null, "j", 0, false, By, Now),
        new IssueDiscussedInMeeting(Id, Guid.NewGuid(), "asisten-2", MeetingOutcome.FollowUp, null, By, Now),
        new FollowUpAssigned(Id, FollowUpId, "pdam", "d", new DateOnly(2026, 12, 1), null, By, Now),
        new FollowUpBecameOverdue(Id, FollowUpId, "pdam", new DateOnly(2026, 12, 1), By, Now),
        new AttachmentAdded(Id, Guid.NewGuid(), "foto.jpg", "image/jpeg", 10, "ab", By, Now),
        new FollowUpProgressReported(Id, FollowUpId, 50, "n", [], By, Now),
        new FollowUpExtended(Id, FollowUpId, new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 8), "r", By, Now),
        new FollowUpCompleted(Id, FollowUpId, "o", By, Now),
        new FollowUpCancelled(Id, FollowUpId, "c", By, Now),
        new IssueBecameOverdue(Id, IssueLevel.Asisten, "asisten-2", Now, 14, "sekda", By, Now),
        new IssueTransferred(Id, "asisten-2", "asisten-1", "r", By, Now),
        new IssueReturned(Id, IssueLevel.Asisten, "asisten-1", IssueLevel.Opd, "dinas-pupr", "i", By, Now),
        new IssueEmergencyRaised(Id, "dinas-pupr", "sekda", "j", By, Now),
        new DecisionMade(Id, IssueLevel.Opd, "pdam", "d", By, Now),
        new NoteAdded(Id, "n", By, Now),
        new IssueResolved(Id, IssueLevel.Opd, "pdam", "r", null, By, Now),
        new IssueReopened(Id, IssueLevel.Opd, "pdam", "r", By, Now),
        new IssueWithdrawn(Id, "w", By, Now),
        new IssueMarkedDuplicate(Id, Guid.NewGuid(), "X-2026-00002", By, Now),
    ];

    [Fact]
    public void the_samples_cover_every_issue_event_type()
    {
        var all = typeof(IIssueEvent).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IIssueEvent).IsAssignableFrom(t))
            .Select(t => t.Name).Order();
        OneOfEach.Select(e => e.GetType().Name).Append(nameof(IssueLogged)).Order().ShouldBe(all);
    }

    [Fact]
    public void the_decision_aggregate_and_the_view_fold_every_one_of_them()
    {
        var issue = Issue.Create(Logged);
        var view = IssueDetailsProjection.Create(Logged);
        foreach (var e in OneOfEach)
        {
            Should.NotThrow(() => issue = issue.Then(e), e.GetType().Name);
            Should.NotThrow(() => view = IssueDetailsProjection.Next(view, e), e.GetType().Name);
        }
        issue.Status.ShouldBe(IssueStatus.Duplicate);
        view.Status.ShouldBe(IssueStatus.Duplicate);
        view.Holder.ShouldBe("pdam");
    }

    private sealed record Forgotten(Actor By, DateTimeOffset At) : IIssueEvent;

    [Fact]
    public void an_event_no_dispatch_knows_is_an_error_not_a_silent_no_op()
    {
        Should.Throw<UnknownIssueEventException>(() => Issue.Create(Logged).Then(new Forgotten(By, Now)));
        Should.Throw<UnknownIssueEventException>(() => IssueDetailsProjection.Next(IssueDetailsProjection.Create(Logged), new Forgotten(By, Now)));
    }
}
