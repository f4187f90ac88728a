using Eskalasi.Issues;
using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.Chain;

/// <summary>Every refusal of docs/domain.md "Moves" with its status and rule (docs/api.md "Conventions"); each writes nothing.</summary>
[Collection(AppCollection.Name)]
public class refusals_of_the_chain(AppFixture app) : InARegion(app)
{
    private Task<IssueDetails> Logged(string urgency = "tinggi") =>
        Region.LogIssueAs("opd/dinas-pupr", TestRegion.AValidIssue() with { Urgency = urgency });

    private async Task<IssueDetails> AtAsisten()
    {
        var issue = await Logged();
        return await Region.Move("opd/dinas-pupr", issue.Id, "escalate", new { justification = "Butuh koordinasi lintas OPD." });
    }

    [Fact]
    public async Task only_the_holder_may_raise_it() =>
        await Region.Refused("opd/pdam", (await Logged()).Id, "escalate", new { justification = "Saya ikut mengangkat." }, 403, "not-holder");

    [Fact]
    public async Task another_asisten_is_not_the_holder() =>
        await Region.Refused("asisten-1", (await AtAsisten()).Id, "resolve", new { resolution = "Selesai." }, 403, "not-holder");

    [Fact]
    public async Task anotherRegion_gets_404()
    {
        var issue = await Logged();
        var other = await App.NewRegionAsync("kota-payakumbuh");
        await other.Post("opd/dinas-pupr", $"/api/issues/{issue.Id}/escalate", new { justification = "x" }, 404);
        (await Region.Issue(issue.Id)).Version.ShouldBe(1);
    }

    [Fact]
    public async Task an_unrelated_opd_gets_404() =>
        await Region.Refused("opd/bkpsdm", (await Logged()).Id, "notes", new { text = "Kami tidak terkait." }, 404);

    [Theory]
    [InlineData("analyst")]
    [InlineData("admin")]
    public async Task read_only_roles_may_not_even_add_a_note(string account) =>
        await Region.Refused(account, (await Logged()).Id, "notes", new { text = "Catatan." }, 403, "role");

    [Fact]
    public async Task a_closed_issue_takes_no_move_but_notes()
    {
        var issue = await AtAsisten();
        await Region.Move("asisten-2", issue.Id, "resolve", new { resolution = "Diselesaikan di tingkat Asisten." });
        await Region.Refused("asisten-2", issue.Id, "resolve", new { resolution = "Lagi." }, 409, "issue-closed");
        await Region.Refused("asisten-2", issue.Id, "transfer", new { toOffice = "asisten-1", reason = "Pindah." }, 409, "issue-closed");
        await Region.Post("opd/pdam", $"/api/issues/{issue.Id}/notes", new { text = "Terima kasih, aliran sudah normal." }, 201);
    }

    [Fact]
    public async Task reopening_after_30_days_is_refused()
    {
        var issue = await AtAsisten();
        await Region.Move("asisten-2", issue.Id, "resolve", new { resolution = "Selesai." });
        App.Clock.Advance(TimeSpan.FromDays(31));
        await Region.Refused("opd/dinas-pupr", issue.Id, "reopen", new { reason = "Pipa bocor lagi." }, 422, "reopen-window");
    }

    [Fact]
    public async Task reopening_within_30_days_brings_it_back_where_it_was_resolved()
    {
        var issue = await AtAsisten();
        await Region.Move("asisten-2", issue.Id, "resolve", new { resolution = "Selesai." });
        await Region.Refused("opd/pdam", issue.Id, "reopen", new { reason = "Bocor lagi." }, 403, "not-reporter");
        var reopened = await Region.Move("opd/dinas-pupr", issue.Id, "reopen", new { reason = "Pipa bocor lagi di sambungan." });
        reopened.Status.ShouldBe(IssueStatus.Open);
        reopened.Level.ShouldBe(IssueLevel.Asisten);
        reopened.Holder.ShouldBe("asisten-2");
    }

    [Fact]
    public async Task withdrawing_after_raising_is_refused() =>
        await Region.Refused("opd/dinas-pupr", (await AtAsisten()).Id, "withdraw", new { reason = "Sudah beres sendiri." }, 409, "wrong-level");

    [Fact]
    public async Task withdrawing_at_opd_level_closes_it_and_only_the_reporter_may()
    {
        var issue = await Logged();
        await Region.Refused("opd/pdam", issue.Id, "withdraw", new { reason = "Bukan masalah." }, 403, "not-reporter");
        (await Region.Move("opd/dinas-pupr", issue.Id, "withdraw", new { reason = "Sudah diperbaiki sendiri." })).Status
            .ShouldBe(IssueStatus.Withdrawn);
    }

    [Fact]
    public async Task a_duplicate_of_a_closed_issue_is_refused()
    {
        var closed = await AtAsisten();
        await Region.Move("asisten-2", closed.Id, "resolve", new { resolution = "Selesai." });
        var issue = await AtAsisten();
        await Region.Refused("asisten-2", issue.Id, "mark-duplicate", new { duplicateOf = closed.Id }, 422, "duplicate-target");
        await Region.Refused("asisten-2", issue.Id, "mark-duplicate", new { duplicateOf = issue.Id }, 422, "duplicate-target");
        await Region.Refused("asisten-2", issue.Id, "mark-duplicate", new { duplicateOf = Guid.NewGuid() }, 422, "duplicate-target");
    }

    [Fact]
    public async Task a_duplicate_of_an_open_issue_closes_it_and_cancels_its_follow_ups()
    {
        var original = await AtAsisten();
        var issue = await AtAsisten();
        await Region.Post("asisten-2", $"/api/issues/{issue.Id}/follow-ups",
            new { ownerOpd = "pdam", description = "Cek meter.", dueDate = Region.DueDate() }, 201);
        var marked = await Region.Move("asisten-2", issue.Id, "mark-duplicate", new { duplicateOf = original.Id });
        marked.Status.ShouldBe(IssueStatus.Duplicate);
        marked.FollowUps.ShouldAllBe(f => f.Status == FollowUpStatus.Cancelled);
    }

    [Fact]
    public async Task an_emergency_raise_of_a_non_darurat_issue_is_a_level_skip() =>
        await Region.Refused("opd/dinas-pupr", (await Logged("tinggi")).Id, "emergency-escalate",
            new { justification = "Mendesak sekali." }, 422, "level-skip");

    [Fact]
    public async Task a_transfer_to_an_unknown_office_is_refused()
    {
        var issue = await AtAsisten();
        await Region.Refused("asisten-2", issue.Id, "transfer", new { toOffice = "asisten-9", reason = "Pindah." }, 422, "unknown-office");
        await Region.Refused("asisten-2", issue.Id, "transfer", new { toOffice = "asisten-2", reason = "Pindah." }, 422, "unknown-office");
        await Region.Refused("asisten-2", issue.Id, "transfer", new { toOffice = "asisten-1" }, 400);
    }

    [Fact]
    public async Task an_outcome_for_an_issue_the_meeting_office_no_longer_holds_is_refused()
    {
        var issue = await AtAsisten();
        var meeting = await Region.ScheduleMeeting("asisten-2", "dinas-pupr");
        await Region.MeetingAction("asisten-2", meeting.Id, "start");
        await Region.Move("asisten-2", issue.Id, "transfer", new { toOffice = "asisten-1", reason = "Menyangkut ketertiban." });

        var before = await Region.EventCount();
        var result = await Region.Post("asisten-2", $"/api/meetings/{meeting.Id}/items/{issue.Id}/outcome", new { outcome = "deferred" }, 422);
        (await result.ReadJson()).Rule().ShouldBe("meeting-office-not-holder");
        (await Region.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task only_the_head_decides_and_only_at_head_level()
    {
        var issue = await AtAsisten();
        await Region.Refused("sekda", issue.Id, "decide", new { toLevel = "sekda", decision = "Kembali." }, 403, "role");
        await Region.Refused("head", issue.Id, "decide", new { toLevel = "sekda", decision = "Kembali." }, 409, "wrong-level");
    }

    [Fact]
    public async Task a_follow_up_is_completed_only_by_its_owner_and_only_once()
    {
        var issue = await AtAsisten();
        var created = await Region.Post("asisten-2", $"/api/issues/{issue.Id}/follow-ups",
            new { ownerOpd = "pdam", description = "Ganti pipa.", dueDate = Region.DueDate() }, 201);
        var followUpId = (await created.ReadJson()).GetProperty("id").GetGuid();

        await Region.Refused("opd/dinas-pupr", issue.Id, $"follow-ups/{followUpId}/complete", new { outcome = "Selesai." }, 403, "not-owner");
        await Region.Move("opd/pdam", issue.Id, $"follow-ups/{followUpId}/complete", new { outcome = "Pipa diganti." });
        await Region.Refused("opd/pdam", issue.Id, $"follow-ups/{followUpId}/complete", new { outcome = "Lagi." }, 409, "follow-up-closed");
        await Region.Refused("opd/pdam", issue.Id, $"follow-ups/{Guid.NewGuid()}/complete", new { outcome = "?" }, 404);
    }

    [Fact]
    public async Task invalid_fields_of_a_move_are_400_after_403()
    {
        var issue = await AtAsisten();
        (await Region.Refused("asisten-2", issue.Id, "resolve", new { resolution = "" }, 400)).ErrorFields().ShouldBe(["resolution"]);
        await Region.Refused("asisten-1", issue.Id, "resolve", new { resolution = "" }, 403, "not-holder");
        (await Region.Refused("asisten-2", issue.Id, "follow-ups", new { ownerOpd = "tidak-ada", description = "x", dueDate = "31-01-2030" }, 400))
            .ErrorFields().ShouldBe(["ownerOpd", "dueDate"], ignoreOrder: true);
    }
}
