using Bunit;
using Eskalasi.Identity;
using Eskalasi.Issues;
using Eskalasi.Meetings;
using Eskalasi.Meetings.Running;
using Eskalasi.Web.Forms;

namespace Eskalasi.Tests.Components;

/// <summary>The parts of the Asisten's screens with logic of their own: the rule display, the agenda editor, the outcome form.</summary>
public sealed class the_meeting_and_escalation_forms : ComponentTest
{
    private static readonly Actor Officer = new("kota-x/opd/dinas-pupr", Roles.OpdOfficer, "dinas-pupr");
    private static readonly Actor Asisten2 = new("kota-x/asisten-2", Roles.Asisten, "asisten-2");

    private static Issue AtAsisten2(Urgency urgency = Urgency.Tinggi) =>
        Issue.Create(new IssueLogged(Guid.NewGuid(), "KX-2026-00001", "kota-x", "t", "d", "infrastruktur", new Location("x"),
                urgency, "dinas-pupr", ["pdam"], Now, Officer, Now.AddDays(-3)))
            .Apply(new IssueEscalated(Guid.Empty, IssueLevel.Opd, "dinas-pupr", IssueLevel.Asisten, "asisten-2", null, "j", 0, false, Officer, Now.AddDays(-2)));

    private static Issue Discussed(Issue issue, MeetingOutcome outcome) =>
        issue.Apply(new IssueDiscussedInMeeting(issue.Id, Guid.NewGuid(), "asisten-2", outcome, null, Asisten2, Now.AddDays(-1)));

    private IReadOnlyDictionary<string, bool> Conditions(Issue issue, string? reason, string? justification) =>
        Render<AssistantFirstConditions>(p => p.Add(c => c.Issue, issue).Add(c => c.ReasonCode, reason).Add(c => c.Justification, justification))
            .FindAll("li").ToDictionary(li => li.GetAttribute("data-condition")!, li => li.GetAttribute("data-holds") == "true");

    [Fact]
    public void the_escalation_form_shows_which_of_the_three_conditions_hold()
    {
        var none = Conditions(AtAsisten2(), null, "pendek");
        none.ShouldBe(new Dictionary<string, bool> { ["rakor"] = false, ["alasan"] = false, ["justifikasi"] = false });

        var all = Conditions(Discussed(AtAsisten2(), MeetingOutcome.Escalate), "anggaran-apbd", "Butuh pergeseran anggaran APBD untuk pipa baru.");
        all.Values.ShouldAllBe(holds => holds);

        // A deferral does not count; an emergency is exempt from the rakor; an unknown reason is not one of the list.
        Conditions(Discussed(AtAsisten2(), MeetingOutcome.Deferred), "anggaran-apbd", "x")["rakor"].ShouldBeFalse();
        Conditions(AtAsisten2(Urgency.Darurat), "bukan-alasan", "x").ShouldBe(
            new Dictionary<string, bool> { ["rakor"] = true, ["alasan"] = false, ["justifikasi"] = false });
    }

    private static readonly AgendaEntry A = new(Guid.NewGuid(), "KX-2026-00001", "Pipa pecah");
    private static readonly AgendaEntry B = new(Guid.NewGuid(), "KX-2026-00002", "Jalan berlubang");
    private static readonly AgendaEntry C = new(Guid.NewGuid(), "KX-2026-00003", "Sampah menumpuk");

    [Fact]
    public void the_agenda_editor_reorders_removes_and_adds_before_saving_the_whole_list()
    {
        var saved = new List<IReadOnlyList<Guid>>();
        var cut = Render<AgendaEditor>(p => p.Add(e => e.Agenda, [A, B]).Add(e => e.Candidates, [A, B, C])
            .Add(e => e.OnSave, (IReadOnlyList<Guid> ids) => saved.Add(ids)));
        Button(cut, "Simpan agenda").HasAttribute("disabled").ShouldBeTrue(); // nothing changed yet
        // Only an issue not yet on the agenda can be added.
        Field(cut, "Tambah masalah ke agenda").QuerySelectorAll("option").Select(o => o.GetAttribute("value")).ShouldBe(["", C.IssueId.ToString()]);

        Button(cut, $"Turunkan {A.Number}").Click();
        Numbers(cut).ShouldBe([B.Number, A.Number]);
        Button(cut, $"Naikkan {B.Number}").HasAttribute("disabled").ShouldBeTrue();
        Field(cut, "Tambah masalah ke agenda").Change(C.IssueId.ToString());
        Button(cut, "Tambah").Click();
        Button(cut, $"Hapus {A.Number} dari agenda").Click();
        Numbers(cut).ShouldBe([B.Number, C.Number]);
        saved.ShouldBeEmpty();

        Button(cut, "Simpan agenda").Click();
        saved.ShouldHaveSingleItem().ShouldBe([B.IssueId, C.IssueId]);
    }

    [Fact]
    public void the_agenda_editor_can_undo_its_changes()
    {
        var cut = Render<AgendaEditor>(p => p.Add(e => e.Agenda, [A, B]).Add(e => e.Candidates, [A, B]));
        Button(cut, $"Hapus {B.Number} dari agenda").Click();
        Numbers(cut).ShouldBe([A.Number]);
        Button(cut, "Batalkan perubahan").Click();
        Numbers(cut).ShouldBe([A.Number, B.Number]);
    }

    private static IEnumerable<string?> Numbers(IRenderedComponent<AgendaEditor> cut) =>
        cut.FindAll("li[data-issue]").Select(li => li.GetAttribute("data-issue"));

    [Fact]
    public void the_outcome_form_asks_for_follow_ups_only_for_that_outcome_and_takes_several()
    {
        var recorded = new List<RecordOutcome>();
        var cut = Render<OutcomeForm>(p => p.Add(f => f.IssueId, A.IssueId).Add(f => f.Opds, Region.Opds)
            .Add(f => f.OnRecord, (RecordOutcome r) => recorded.Add(r)));
        cut.FindAll("fieldset.tindak-lanjut").ShouldBeEmpty();

        Field(cut, "Hasil").Change("follow-up");
        Field(cut, "OPD pemilik tindak lanjut").Change("pdam");
        Field(cut, "Uraian tindak lanjut").Change("Ganti pipa transmisi");
        Field(cut, "Tenggat").Change("2026-12-05");
        Button(cut, "Tambah tindak lanjut").Click();
        // With two, each is numbered.
        Field(cut, "OPD pemilik tindak lanjut 2").Change("dinas-pupr");
        Field(cut, "Uraian tindak lanjut 2").Change("Perbaiki badan jalan");
        Field(cut, "Tenggat 2").Change("2026-12-12");
        Field(cut, "Kesepakatan").Change("PDAM mengganti pipa, PUPR memperbaiki jalan.");
        Button(cut, "Simpan hasil").Click();

        var outcome = recorded.ShouldHaveSingleItem();
        outcome.IssueId.ShouldBe(A.IssueId);
        outcome.Outcome.ShouldBe("follow-up");
        outcome.Agreement.ShouldBe("PDAM mengganti pipa, PUPR memperbaiki jalan.");
        outcome.FollowUps.ShouldBe([
            new("pdam", "Ganti pipa transmisi", "2026-12-05"),
            new("dinas-pupr", "Perbaiki badan jalan", "2026-12-12")]);
    }

    [Fact]
    public void the_outcome_form_sends_no_follow_ups_with_another_outcome_and_shows_the_handlers_errors()
    {
        var recorded = new List<RecordOutcome>();
        var cut = Render<OutcomeForm>(p => p.Add(f => f.IssueId, A.IssueId).Add(f => f.Opds, Region.Opds)
            .Add(f => f.OnRecord, (RecordOutcome r) => recorded.Add(r)));
        Field(cut, "Hasil").Change("follow-up");
        Field(cut, "Uraian tindak lanjut").Change("Sesuatu");
        Field(cut, "Hasil").Change("deferred");
        Button(cut, "Simpan hasil").Click();
        recorded.ShouldHaveSingleItem().FollowUps.ShouldBeNull();

        cut.Render(p => p.Add(f => f.Errors, new Dictionary<string, string[]> { ["agreement"] = ["Wajib diisi."] }));
        cut.Markup.ShouldContain("Wajib diisi.");
    }
}
