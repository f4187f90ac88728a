using System.Security.Claims;
using Eskalasi.Identity;
using Eskalasi.Infrastructure;
using Eskalasi.Issues;
using Eskalasi.Organisation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Eskalasi.Inbox;

public sealed record InboxEntry(Guid Id, string Kind, Guid? IssueId, Guid? MeetingId, string Text, DateTimeOffset At, bool Read);

public sealed record InboxList(IReadOnlyList<InboxEntry> Items, int Page, int PageSize, long Total);

/// <summary>The signed-in user's inbox (docs/api.md): what needs their attention, newest first, in Bahasa Indonesia.</summary>
public static class InboxEndpoints
{
    /// <summary>The office or OPD whose inbox a user reads: the OPD of an officer, the office of an Asisten, sekda, head.</summary>
    public static string? RecipientOf(ClaimsPrincipal user) => user.Role() switch
    {
        Roles.Sekda => OfficeCodes.Sekda,
        Roles.Bupati => OfficeCodes.Head,
        Roles.Asisten or Roles.OpdOfficer => user.Office(),
        _ => null,
    };

    [Authorize]
    [WolverineGet("/api/inbox")]
    public static async Task<IResult> Get(string? page, string? pageSize, ClaimsPrincipal user, IQuerySession session,
        RegionDirectory regions, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var paging = PageRequest.Read(page, pageSize, errors);
        if (errors.Any) return Problems.ToResult(errors.ToProblem());
        var region = (await regions.FindAsync(session.TenantId, ct))!;
        return Results.Ok(await ReadAsync(session, user, region, paging, ct));
    }

    /// <summary>One page of the user's inbox, newest first, as the API and the web application show it.</summary>
    public static async Task<InboxList> ReadAsync(IQuerySession session, ClaimsPrincipal user, RegionOrganisation region, PageRequest paging,
        CancellationToken ct)
    {
        var recipient = RecipientOf(user);
        if (recipient is null) return new InboxList([], paging.Page, paging.Size, 0);

        var mine = session.Query<InboxItem>().Where(i => i.Recipient == recipient);
        var total = await mine.CountAsync(ct);
        var items = await mine.OrderByDescending(i => i.At).ThenByDescending(i => i.Id).Skip(paging.Skip).Take(paging.Size).ToListAsync(ct);
        var issues = (await session.LoadManyAsync<IssueDetails>(ct, items.Where(i => i.IssueId.HasValue).Select(i => i.IssueId!.Value).Distinct()))
            .ToDictionary(i => i.Id);
        var userName = user.FindFirstValue(Claims.User)!;
        var read = (await session.LoadManyAsync<InboxRead>(ct, items.Select(i => InboxRead.For(userName, i.Id))))
            .Select(r => r.Id).ToHashSet();

        return new InboxList(items.Select(i => new InboxEntry(i.Id, Kebab(i.Kind), i.IssueId, i.MeetingId,
            InboxText.For(i, i.IssueId is { } id ? issues.GetValueOrDefault(id) : null, region), i.At,
            read.Contains(InboxRead.For(userName, i.Id)))).ToList(), paging.Page, paging.Size, total);
    }

    /// <summary>How many of the user's inbox items it has not marked read (the badge on every page).</summary>
    public static async Task<int> UnreadAsync(IQuerySession session, ClaimsPrincipal user, CancellationToken ct)
    {
        if (RecipientOf(user) is not { } recipient) return 0;
        var all = await session.Query<InboxItem>().Where(i => i.Recipient == recipient).CountAsync(ct);
        var prefix = InboxRead.For(user.FindFirstValue(Claims.User)!, Guid.Empty)[..^Guid.Empty.ToString().Length];
        var read = await session.Query<InboxRead>().Where(r => r.Id.StartsWith(prefix)).CountAsync(ct);
        return Math.Max(0, all - read);
    }

    /// <summary>Marks one item of the user's own inbox read; false when it is not theirs.</summary>
    public static async Task<bool> MarkReadAsync(IDocumentSession session, ClaimsPrincipal user, Guid id, DateTimeOffset now, CancellationToken ct)
    {
        var item = await session.LoadAsync<InboxItem>(id, ct);
        if (item is null || item.Recipient != RecipientOf(user)) return false;
        session.Store(new InboxRead(InboxRead.For(user.FindFirstValue(Claims.User)!, id), now));
        await session.SaveChangesAsync(ct);
        return true;
    }

    [Authorize]
    [WolverinePost("/api/inbox/{id}/read")]
    public static async Task<IResult> Read(Guid id, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        await MarkReadAsync(session, user, id, clock.GetUtcNow(), ct)
            ? Results.Ok(new { id, read = true })
            : Problems.NotFound($"Pesan {id} tidak ada di kotak masuk Anda.");

    private static string Kebab(InboxKind kind) => kind switch
    {
        InboxKind.FollowUpAssigned => "follow-up-assigned",
        InboxKind.FollowUpOverdue => "follow-up-overdue",
        InboxKind.MeetingInvitation => "meeting-invitation",
        InboxKind.UrgentLogged => "urgent-logged",
        InboxKind.MinutesDistributed => "minutes",
        _ => kind.ToString().ToLowerInvariant(),
    };
}

/// <summary>The sentence a user reads for an inbox item (Bahasa Indonesia).</summary>
public static class InboxText
{
    public static string For(InboxItem item, IssueDetails? issue, RegionOrganisation region)
    {
        var subject = issue is null ? "Masalah" : $"Masalah {issue.Number} \"{issue.Title}\"";
        string Name(string? code) => code is null ? "" : region.FindOffice(code)?.Name ?? region.FindOpd(code)?.Name ?? code;
        return item.Kind switch
        {
            InboxKind.Arrived => $"{subject} masuk ke antrean Anda dari {Name(item.From)}.",
            InboxKind.Returned => $"{subject} dikembalikan kepada Anda oleh {Name(item.From)}: {item.Detail}",
            InboxKind.Decided => $"Disposisi {region.HeadTitle} untuk {subject}: {item.Detail}",
            InboxKind.Overdue => $"{subject} melewati batas waktu di {Name(item.From)} dan kini terlihat oleh Anda.",
            InboxKind.FollowUpAssigned => $"Tindak lanjut untuk OPD Anda pada {subject}: {item.Detail}",
            InboxKind.FollowUpOverdue => $"Tindak lanjut OPD Anda pada {subject} lewat tenggat {item.Detail}.",
            InboxKind.MeetingInvitation => $"Undangan rapat koordinasi {Name(item.From)} di {item.Detail}.",
            InboxKind.MinutesDistributed => "Notulen rapat koordinasi sudah final dan dibagikan kepada OPD Anda.",
            InboxKind.UrgentLogged => $"{subject} berurgensi {item.Detail?.ToLowerInvariant()} baru dicatat {Name(item.From)} (dipantau; masih dipegang OPD).",
            _ => subject,
        };
    }
}
