using System.Security.Claims;
using Eskalasi.Identity;
using Eskalasi.Infrastructure;
using Eskalasi.Issues.Evidence;
using Eskalasi.Issues.Moves;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.Http;
using Wolverine.Marten;

namespace Eskalasi.Meetings.Materials;

public sealed record AddMeetingMaterial(string? Name, byte[]? Content) : MeetingStep;

/// <summary>
/// docs/domain.md "Guests" and "Evidence": the office that runs a rakor attaches its materials (JPEG, PNG, PDF, 10 MB)
/// before or during it; whoever may read the meeting — its invited OPDs among them — can open them. Stored like an
/// issue's evidence, in the transaction of the <see cref="MeetingMaterialAdded"/> event.
/// </summary>
[WolverineHandler]
public static class AddMaterialEndpoint
{
    [Authorize]
    [WolverinePost("/api/meetings/{id}/materials")]
    public static async Task<IResult> Post(Guid id, HttpContext http, IMessageBus bus)
    {
        var upload = await Upload.ReadAsync(http.Request);
        if (upload.TooLarge) return Problems.ToResult(Problems.Create(413, EvidenceFiles.TooLarge));
        if (id == Guid.Empty) return MeetingLookup.NotFound(id);
        var result = await bus.InvokeForTenantAsync<MeetingResult>(http.User.Region()!,
            new AddMeetingMaterial(upload.Name, upload.Content).On(id, http.User.ToActor()), http.RequestAborted, TimeSpan.FromSeconds(60));
        return result.Refused is { } refused ? refused.ToResult() : Results.Json(result.Meeting!.Materials[^1], statusCode: 201);
    }

    public static Task<MeetingResult> Handle(AddMeetingMaterial step,
        [WriteAggregate(nameof(MeetingStep.MeetingId), Required = false)] IEventStream<Meeting> meeting,
        MeetingDesk desk, IDocumentSession session, IMessageContext bus, CancellationToken ct)
    {
        var file = EvidenceStore.Prepare(step.Content, keepLocation: false);
        return desk.Apply(step, meeting, session, bus, _ => [], (m, _, context) => Decide(step, file, m, context), ct,
            accepted: decision =>
            {
                var added = decision.MeetingEvents.OfType<MeetingMaterialAdded>().Single();
                EvidenceStore.Queue(session, added.AttachmentId, added.MeetingId, added.ContentType, file.Stored);
            });
    }

    public static MeetingDecision Decide(AddMeetingMaterial step, EvidenceStore.Prepared file, Meeting meeting, MoveContext context) =>
        MeetingDecision.InOrder(
            who: context.MustRun(meeting),
            fields: errors => EvidenceStore.Check(step.Name, step.Content, errors),
            state: () => meeting.Status == MeetingStatus.Concluded ? Running.MeetingRefusals.NotRunning(meeting) : EvidenceStore.TypeRefusal(file),
            outcome: () => MeetingDecision.Accept(new MeetingMaterialAdded(meeting.Id, Guid.CreateVersion7(context.Now),
                Path.GetFileName(step.Name!.Trim()), file.ContentType!, file.Stored.LongLength, file.Sha256, context.Actor, context.Now)));

    /// <summary>A material, to whoever may read the meeting; 404 for anyone else or an id not of this meeting.</summary>
    [Authorize]
    [WolverineGet("/api/meetings/{id}/materials/{attachmentId}")]
    public static Task<IResult> Get(Guid id, Guid attachmentId, ClaimsPrincipal user, IQuerySession session,
        HttpContext http, CancellationToken ct) => ServeAsync(id, attachmentId, user, session, http, ct);

    public static async Task<IResult> ServeAsync(Guid id, Guid attachmentId, ClaimsPrincipal user, IQuerySession session,
        HttpContext http, CancellationToken ct)
    {
        var meeting = id == Guid.Empty ? null : await session.LoadAsync<Meeting>(id, ct);
        if (meeting is null || !user.CanSee(meeting)) return MeetingLookup.NotFound(id);
        if (meeting.Materials.FirstOrDefault(m => m.Id == attachmentId) is not { } material)
            return Problems.NotFound($"Bahan {attachmentId} tidak ada pada rapat ini.");
        return await EvidenceStore.ServeAsync(session, attachmentId, material.Name, material.ContentType, http, ct);
    }
}
