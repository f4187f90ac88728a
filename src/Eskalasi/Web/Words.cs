using System.Globalization;
using Eskalasi.Issues;

namespace Eskalasi.Web;

/// <summary>What the screens call the domain's values, in Bahasa Indonesia.</summary>
public static class Words
{
    public static readonly CultureInfo Indonesian = CultureInfo.GetCultureInfo("id-ID");

    /// <summary>The level's name; the head's is the region's title (Bupati or Wali Kota) where it is known.</summary>
    public static string Level(IssueLevel level, string headTitle = "Kepala daerah") => level switch
    {
        IssueLevel.Opd => "OPD",
        IssueLevel.Asisten => "Asisten",
        IssueLevel.Sekda => "Sekda",
        _ => headTitle,
    };

    public static string Status(IssueStatus status) => status switch
    {
        IssueStatus.Open => "Terbuka",
        IssueStatus.Resolved => "Selesai",
        IssueStatus.Withdrawn => "Ditarik",
        _ => "Duplikat",
    };

    public static string Urgency(Urgency urgency) => urgency switch
    {
        Issues.Urgency.Biasa => "biasa",
        Issues.Urgency.Tinggi => "tinggi",
        _ => "darurat",
    };

    /// <summary>Who made a move: the person, their role, and the office they acted for as Plt (docs/domain.md "Acting officials").</summary>
    public static string Actor(Identity.Actor by) =>
        by.ActingFor is { } office ? $"{by.User} ({by.Role}, Plt {office})" : $"{by.User} ({by.Role})";

    public static string FollowUpStatus(FollowUpStatus status) => status switch
    {
        Issues.FollowUpStatus.Open => "terbuka",
        Issues.FollowUpStatus.Completed => "selesai",
        _ => "dibatalkan",
    };

    /// <summary>A meeting's outcome for one issue, as the meeting page and the audit name it.</summary>
    public static string Outcome(MeetingOutcome outcome) => outcome switch
    {
        MeetingOutcome.Resolved => "Selesai",
        MeetingOutcome.FollowUp => "Tindak lanjut",
        MeetingOutcome.Deferred => "Ditunda",
        _ => "Eskalasi",
    };

    /// <summary>A move of the audit by the name its button has.</summary>
    public static string Move(string move) => move switch
    {
        "escalate" => "Eskalasi",
        "emergency-escalate" => "Eskalasi darurat",
        "transfer" => "Alihkan",
        "return" => "Kembalikan",
        "decide" => "Disposisi",
        _ => move,
    };

    /// <summary>One line of an issue's timeline.</summary>
    public static string Event(IIssueEvent e, string headTitle = "Kepala daerah") => e switch
    {
        IssueLogged => "Dilaporkan",
        IssueEscalated x => $"Dieskalasi dari {Level(x.FromLevel, headTitle)} ({x.FromHolder}) ke {Level(x.ToLevel, headTitle)} ({x.ToHolder}): {x.Justification}",
        IssueEmergencyRaised x => $"Eskalasi darurat ke Sekda: {x.Justification}",
        IssueTransferred x => $"Dialihkan dari {x.FromOffice} ke {x.ToOffice}: {x.Reason}",
        IssueReturned x => $"Dikembalikan ke {x.ToHolder}: {x.Instruction}",
        DecisionMade x => $"Disposisi ke {x.ToHolder}: {x.Decision}",
        IssueResolved x => $"Diselesaikan: {x.Resolution}",
        IssueReopened x => $"Dibuka kembali: {x.Reason}",
        IssueWithdrawn x => $"Ditarik kembali: {x.Reason}",
        IssueMarkedDuplicate x => $"Ditandai duplikat dari {x.DuplicateOfNumber}",
        NoteAdded x => $"Catatan: {x.Text}",
        FollowUpAssigned x => $"Tindak lanjut untuk {x.OwnerOpd} paling lambat {x.DueDate:yyyy-MM-dd}: {x.Description}",
        FollowUpCompleted x => $"Tindak lanjut selesai: {x.Outcome}",
        FollowUpCancelled x => $"Tindak lanjut dibatalkan: {x.Reason}",
        AttachmentAdded x => $"Lampiran ditambahkan: {x.Name}",
        FollowUpProgressReported x => $"Kemajuan tindak lanjut {x.Percent}%: {x.Note}",
        FollowUpExtended x => $"Tenggat tindak lanjut diperpanjang dari {x.PreviousDueDate:yyyy-MM-dd} ke {x.DueDate:yyyy-MM-dd}: {x.Reason}",
        FollowUpBecameOverdue x => $"Tindak lanjut {x.OwnerOpd} melewati tenggat {x.DueDate:yyyy-MM-dd}",
        IssueDiscussedInMeeting x => $"Dibahas dalam rapat koordinasi {x.Office}",
        IssueBecameOverdue x => $"Melewati batas waktu di {Level(x.Level, headTitle)} ({x.Holder})",
        _ => e.GetType().Name,
    };
}
