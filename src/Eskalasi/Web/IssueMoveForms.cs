using Eskalasi.Issues;
using Eskalasi.Issues.Deciding;
using Eskalasi.Issues.Escalating;
using Eskalasi.Issues.FollowUps;
using Eskalasi.Issues.MarkingDuplicate;
using Eskalasi.Issues.Moves;
using Eskalasi.Issues.Notes;
using Eskalasi.Issues.Reopening;
using Eskalasi.Issues.Resolving;
using Eskalasi.Issues.Returning;
using Eskalasi.Issues.Transferring;
using Eskalasi.Issues.Withdrawing;

namespace Eskalasi.Web;

/// <summary>
/// The moves the issue page offers, each as its button's name, the fields its form asks for, and the message it sends.
/// Whether a user may make a move now is asked of the move's own decision, with valid sample input: offered when the
/// decision accepts it, or when only the assistant-first rule stands in the way (the form shows that rule's conditions
/// and the refusal in its words). So the page writes no rule of its own.
/// </summary>
public sealed record MoveForm(string Button, string Key, IReadOnlyList<FormField> Fields, Func<IReadOnlyDictionary<string, string?>, IssueMove> Build,
    Func<IssueMove, Issue, MoveContext, Decision> Decide)
{
    public bool IsOffered(Issue issue, MoveContext context)
    {
        var sample = Build(Fields.ToDictionary(f => f.Name, f => f.SampleFor(issue, context)));
        var refused = Decide(sample, issue, context).Refused;
        return refused is null || refused.Rule?.StartsWith("assistant-first.", StringComparison.Ordinal) == true;
    }
}

/// <summary>
/// A field of a move's form: its name in the message, its label on the screen, a valid sample, and for a choice the
/// options (value, label) this issue and user have — the sample then being the first of them. A field naming another
/// issue (<see cref="OtherIssue"/>) is chosen from the open issues of the region the user may see.
/// </summary>
public sealed record FormField(string Name, string Label, string Sample, bool Long = false,
    Func<Issue, MoveContext, IReadOnlyList<(string Value, string Label)>>? Options = null, bool Date = false, bool OtherIssue = false)
{
    public string? SampleFor(Issue issue, MoveContext context) =>
        Options is null ? Sample : Options(issue, context).Select(o => o.Value).FirstOrDefault() ?? Sample;

    public static Func<Issue, MoveContext, IReadOnlyList<(string, string)>> Fixed(IEnumerable<string> values) =>
        (_, _) => values.Select(v => (v, v)).ToList();
}

public static class IssueMoveForms
{
    private static FormField Text(string name, string label) => new(name, label, "Keterangan yang cukup panjang untuk diterima aturan.", Long: true);

    public static readonly IReadOnlyList<MoveForm> All =
    [
        new("Eskalasi", "escalate",
            [new("reasonCode", "Alasan", "kewenangan", Options: (issue, _) => (issue.Level == IssueLevel.Sekda ? HeadEscalationRule.ReasonCodes : AssistantFirstRule.ReasonCodes)
                .Select(r => (r, r)).ToList()),
             Text("justification", "Justifikasi")],
            f => new EscalateIssue(Blank(f["reasonCode"]), f["justification"]),
            (m, i, c) => Escalate.Decide((EscalateIssue)m, i, c)),
        new("Eskalasi darurat", "emergency-escalate", [Text("justification", "Justifikasi")],
            f => new EmergencyEscalateIssue(f["justification"]), (m, i, c) => EmergencyEscalate.Decide((EmergencyEscalateIssue)m, i, c)),
        new("Alihkan", "transfer", [new("toOffice", "Ke kantor Asisten", "asisten-1", Options: (issue, c) => c.Region.Offices
                .Where(o => o.Kind == Organisation.OfficeKinds.Asisten && o.Code != issue.Holder).Select(o => (o.Code, o.Name)).ToList()), Text("reason", "Alasan")],
            f => new TransferIssue(f["toOffice"], f["reason"]), (m, i, c) => Transfer.Decide((TransferIssue)m, i, c)),
        new("Kembalikan", "return", [Text("instruction", "Arahan")],
            f => new ReturnIssue(f["instruction"]), (m, i, c) => Return.Decide((ReturnIssue)m, i, c)),
        new("Selesaikan", "resolve", [Text("resolution", "Penyelesaian")],
            f => new ResolveIssue(f["resolution"]), (m, i, c) => Resolve.Decide((ResolveIssue)m, i, c)),
        new("Tarik kembali", "withdraw", [Text("reason", "Alasan")],
            f => new WithdrawIssue(f["reason"]), (m, i, c) => Withdraw.Decide((WithdrawIssue)m, i, c)),
        new("Buka kembali", "reopen", [Text("reason", "Alasan")],
            f => new ReopenIssue(f["reason"]), (m, i, c) => Reopen.Decide((ReopenIssue)m, i, c)),
        new("Disposisi", "decide",
            [new("toLevel", "Ke tingkat", "sekda", Options: FormField.Fixed(["sekda", "asisten", "opd"])),
             new("toOffice", "Ke kantor atau OPD (untuk Asisten dan OPD)", "", Options: (_, c) => c.Region.Offices
                 .Where(o => o.Kind == Organisation.OfficeKinds.Asisten).Select(o => (o.Code, o.Name))
                 .Concat(c.Region.Opds.Select(o => (o.Code, o.Name))).Prepend(("", "—")).ToList()),
             Text("decision", "Keputusan dan arahan")],
            f => new DecideIssue(f["toLevel"], Blank(f["toOffice"]), f["decision"]), (m, i, c) => DecideEndpoint.Decide((DecideIssue)m, i, c)),
        new("Tugaskan tindak lanjut", "follow-up",
            [new("ownerOpd", "OPD pemilik", "", Options: (_, c) => c.Region.Opds.Select(o => (o.Code, o.Name)).ToList()),
             Text("description", "Uraian tugas"),
             new("dueDate", "Tenggat", "2099-12-31", Date: true),
             new("indicator", "Indikator keberhasilan (opsional)", "", Long: true)],
            f => new AssignFollowUpToIssue(f["ownerOpd"], f["description"], f["dueDate"], Blank(f["indicator"])),
            (m, i, c) => AssignFollowUp.Decide((AssignFollowUpToIssue)m, i, c)),
        new("Selesaikan tindak lanjut", "complete-follow-up",
            [new("followUpId", "Tindak lanjut", "", Options: (issue, c) => issue.OpenFollowUps.Where(f => f.OwnerOpd == c.Office)
                 .Select(f => (f.Id.ToString(), $"{f.OwnerOpd}, tenggat {f.DueDate:yyyy-MM-dd}")).ToList()),
             Text("outcome", "Hasil")],
            f => new CompleteFollowUpOfIssue(f["outcome"]) { FollowUpId = Guid.TryParse(f["followUpId"], out var id) ? id : Guid.Empty },
            (m, i, c) => CompleteFollowUp.Decide(((CompleteFollowUpOfIssue)m).FollowUpId, (CompleteFollowUpOfIssue)m, i, c)),
        new("Laporkan kemajuan", "follow-up-progress",
            [new("followUpId", "Tindak lanjut", "", Options: (issue, c) => issue.OpenFollowUps.Where(f => f.OwnerOpd == c.Office)
                 .Select(f => (f.Id.ToString(), $"{f.OwnerOpd}, tenggat {f.DueDate:yyyy-MM-dd}")).ToList()),
             new("percent", "Kemajuan (persen, 0–100)", "50"),
             Text("note", "Catatan kemajuan"),
             // Evidence: one of the issue's attachments (upload it with "Lampirkan foto atau dokumen" first).
             new("evidence", "Bukti (lampiran masalah ini)", "", Options: (issue, _) =>
                 issue.Attachments.Select(a => (a.Id.ToString(), a.Name)).Prepend(("", "—")).ToList())],
            f => new ReportFollowUpProgress(int.TryParse(f["percent"], out var percent) ? percent : null, f["note"],
                    Guid.TryParse(f["evidence"], out var evidence) ? [evidence] : null)
                { FollowUpId = Guid.TryParse(f["followUpId"], out var id) ? id : Guid.Empty },
            (m, i, c) => Commitments.Decide((ReportFollowUpProgress)m, i, c, i.Attachments.Select(a => a.Id).ToList())),
        new("Perpanjang tenggat", "extend-follow-up",
            [new("followUpId", "Tindak lanjut", "", Options: (issue, c) => issue.OpenFollowUps.Where(f => f.AssignedBy == c.Office)
                 .Select(f => (f.Id.ToString(), $"{f.OwnerOpd}, tenggat {f.DueDate:yyyy-MM-dd}")).ToList()),
             new("dueDate", "Tenggat baru", "2099-12-31", Date: true),
             Text("reason", "Alasan perpanjangan")],
            f => new ExtendFollowUp(f["dueDate"], f["reason"]) { FollowUpId = Guid.TryParse(f["followUpId"], out var id) ? id : Guid.Empty },
            (m, i, c) => Commitments.Decide((ExtendFollowUp)m, i, c)),
        new("Tandai duplikat", "mark-duplicate", [new("duplicateOf", "Duplikat dari", Guid.Empty.ToString(), OtherIssue: true)],
            f => new MarkIssueDuplicate(f["duplicateOf"]),
            (m, i, c) => MarkDuplicate.Decide((MarkIssueDuplicate)m, i, AnotherOpenIssue(), c)),
        new("Tambah catatan", "note", [Text("text", "Catatan")],
            f => new AddNoteToIssue(f["text"]), (m, i, c) => AddNote.Decide((AddNoteToIssue)m, i, c)),
    ];

    /// <summary>Whether the duplicate move is offered does not depend on which other issue is chosen: any open one.</summary>
    private static IssueDetails AnotherOpenIssue() => new()
    {
        Id = Guid.NewGuid(), Number = "", Region = "", Title = "", Description = "", Category = "",
        Location = new Location(""), ReportingOpd = "", Holder = "", Status = IssueStatus.Open,
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
