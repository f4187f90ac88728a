using System.Globalization;
using System.Security.Claims;
using Eskalasi.Identity;
using Eskalasi.Infrastructure;
using Eskalasi.Meetings.Scheduling;
using Eskalasi.Organisation;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.Http;

namespace Eskalasi.Meetings.Series;

// docs/domain.md "Series": an office holds its rakor on a fixed rhythm; each meeting of a series is a meeting of its own,
// scheduled a week before it is due, with its agenda drafted then.

public sealed record MeetingSeriesStarted(Guid SeriesId, string Office, string Every, DayOfWeek? Weekday, int? DayOfMonth, TimeOnly Time,
    string Place, IReadOnlyList<string> InvitedOpds, IReadOnlyList<Guest>? InvitedGuests, DateOnly First, Actor By, DateTimeOffset At);

/// <summary>The meeting of one occurrence was scheduled (once: a repeated timer finds it recorded and does nothing).</summary>
public sealed record SeriesMeetingScheduled(Guid SeriesId, DateOnly Occurrence, Guid MeetingId, DateTimeOffset At);

public sealed record MeetingSeriesStopped(Guid SeriesId, Actor By, DateTimeOffset At);

/// <summary>The timer of one occurrence, due a week before it (a durable Wolverine scheduled message).</summary>
public sealed record ScheduleSeriesMeeting(Guid SeriesId, DateOnly Occurrence);

public sealed record SeriesOccurrence(DateOnly Occurrence, Guid MeetingId);

/// <summary>A series as its events leave it (an inline snapshot).</summary>
public sealed class MeetingSeries
{
    public const string Weekly = "week", Fortnightly = "two-weeks", Monthly = "month";
    public static readonly TimeSpan Ahead = TimeSpan.FromDays(7);

    public Guid Id { get; set; }
    public string Office { get; set; } = "";
    public string Every { get; set; } = Weekly;
    public DayOfWeek? Weekday { get; set; }
    public int? DayOfMonth { get; set; }
    public TimeOnly Time { get; set; }
    public string Place { get; set; } = "";
    public IReadOnlyList<string> InvitedOpds { get; set; } = [];
    public IReadOnlyList<Guest> InvitedGuests { get; set; } = [];
    /// <summary>The first occurrence: a two-weekly series counts its fortnights from it.</summary>
    public DateOnly First { get; set; }
    public bool Stopped { get; set; }
    public string StartedBy { get; set; } = "";
    public List<SeriesOccurrence> Scheduled { get; set; } = [];

    public static MeetingSeries Create(MeetingSeriesStarted e) => new()
    {
        Id = e.SeriesId, Office = e.Office, Every = e.Every, Weekday = e.Weekday, DayOfMonth = e.DayOfMonth, Time = e.Time, Place = e.Place,
        InvitedOpds = e.InvitedOpds, InvitedGuests = e.InvitedGuests ?? [], First = e.First, StartedBy = e.By.User,
    };

    public void Apply(SeriesMeetingScheduled e) => Scheduled.Add(new SeriesOccurrence(e.Occurrence, e.MeetingId));

    public void Apply(MeetingSeriesStopped _) => Stopped = true;

    /// <summary>The first occurrence on or after <paramref name="day"/>.</summary>
    public DateOnly NextOn(DateOnly day) => Next(Every, Weekday, DayOfMonth, First, day);

    /// <summary>
    /// The rhythm: weekly on a weekday; every two weeks on a weekday, fortnights counted from the first occurrence;
    /// monthly on a day of the month (the month's last day when it has fewer days).
    /// </summary>
    public static DateOnly Next(string every, DayOfWeek? weekday, int? dayOfMonth, DateOnly first, DateOnly day)
    {
        if (every == Monthly)
        {
            for (var month = new DateOnly(day.Year, day.Month, 1); ; month = month.AddMonths(1))
            {
                var candidate = new DateOnly(month.Year, month.Month, Math.Min(dayOfMonth!.Value, DateTime.DaysInMonth(month.Year, month.Month)));
                if (candidate >= day) return candidate;
            }
        }
        var next = day.AddDays(((int)weekday!.Value - (int)day.DayOfWeek + 7) % 7);
        if (every == Fortnightly && next > first && (next.DayNumber - first.DayNumber) % 14 != 0) next = next.AddDays(7);
        return next;
    }
}

public sealed record StartMeetingSeries(string? Office, string? Every, string? Weekday, int? DayOfMonth, string? Time, string? Place,
    IReadOnlyList<string?>? InvitedOpds, IReadOnlyList<GuestInput?>? InvitedGuests = null)
{
    [System.Text.Json.Serialization.JsonIgnore] public Actor By { get; init; } = Actor.Nobody;
}

public sealed record StopMeetingSeries(Guid SeriesId, Actor By);

/// <summary>The answer when a series starts: its id and when its first meeting is.</summary>
public sealed record SeriesCreated(Guid Id, DateTimeOffset NextAt);

/// <summary>A series step's answer as a value: what was created, or the refusal (none for a stop that went through).</summary>
public sealed record SeriesResult(SeriesCreated? Created, Refusal? Refused);

[WolverineHandler]
public static class MeetingSeriesEndpoints
{
    private static readonly string[] Weekdays = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

    /// <summary>An Asisten for its office, the Sekda for the Sekda's: the offices that run rakor.</summary>
    private static Office? OwnOffice(RegionOrganisation region, Actor by) =>
        ScheduleMeetingEndpoint.OfficeOf(region, by) is { Kind: not OfficeKinds.Head } office ? office : null;

    [Authorize(Roles = $"{Roles.Asisten},{Roles.Sekda}")]
    [WolverinePost("/api/meeting-series")]
    public static async Task<IResult> Post(StartMeetingSeries request, HttpContext http, IMessageBus bus)
    {
        var result = await bus.InvokeForTenantAsync<SeriesResult>(http.User.Region()!, request with { By = http.User.ToActor() },
            http.RequestAborted, TimeSpan.FromSeconds(60));
        return result.Refused is { } refused ? refused.ToResult() : Results.Json(result.Created, statusCode: 201);
    }

    /// <summary>Checks the rhythm and the invitation, starts the series' stream and its first occurrence's timer, together.</summary>
    public static async Task<SeriesResult> Handle(StartMeetingSeries request, IDocumentSession session, RegionDirectory regions,
        TimeProvider clock, IMessageContext bus, CancellationToken ct)
    {
        var region = await regions.FindAsync(session.TenantId, ct);
        if (region is null) return new SeriesResult(null, new Refusal(404, null, Problems.NoOrganisation));
        var by = request.By;
        var office = OwnOffice(region, by);
        if (office is null || (request.Office is not null && request.Office != office.Code))
            return new SeriesResult(null, new Refusal(403, "role", "Rakor berkala dijadwalkan oleh kantor sendiri: Asisten untuk kantornya, Sekda untuk Sekda."));

        var errors = new FieldErrors();
        if (request.Every is not (MeetingSeries.Weekly or MeetingSeries.Fortnightly or MeetingSeries.Monthly))
            errors.Add("every", "Salah satu dari: week, two-weeks, month.");
        var weekday = Array.IndexOf(Weekdays, request.Weekday?.ToLowerInvariant());
        if (request.Every is MeetingSeries.Weekly or MeetingSeries.Fortnightly && weekday < 0)
            errors.Add("weekday", "Wajib untuk week dan two-weeks: monday sampai sunday.");
        if (request.Every == MeetingSeries.Monthly && request.DayOfMonth is not (>= 1 and <= 31))
            errors.Add("dayOfMonth", "Wajib untuk month: tanggal 1 sampai 31 (bulan yang lebih pendek memakai tanggal terakhirnya).");
        if (!TimeOnly.TryParseExact(request.Time, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            errors.Add("time", "Wajib, jam HH:mm di zona wilayah, mis. 09:00.");
        ScheduleMeetingEndpoint.CheckInvitation(request.Place, request.InvitedOpds, request.InvitedGuests, region, errors);
        if (errors.Any) return new SeriesResult(null, errors.ToRefusal());

        var now = clock.GetUtcNow();
        var day = weekday < 0 ? (DayOfWeek?)null : (DayOfWeek)weekday;
        var dayOfMonth = request.Every == MeetingSeries.Monthly ? request.DayOfMonth : null;
        var today = region.Today(now);
        // The first occurrence is the next such day (a two-weekly series counts its fortnights from it).
        var rhythm = request.Every == MeetingSeries.Fortnightly ? MeetingSeries.Weekly : request.Every!;
        var first = MeetingSeries.Next(rhythm, day, dayOfMonth, today, today);
        if (At(region, first, time) <= now) first = MeetingSeries.Next(rhythm, day, dayOfMonth, first.AddDays(1), first.AddDays(1));
        var id = Guid.CreateVersion7(now);
        session.Events.StartStream<MeetingSeries>(id, new MeetingSeriesStarted(id, office.Code, request.Every!, day, dayOfMonth, time,
            request.Place!.Trim(), request.InvitedOpds!.Select(o => o!).Distinct().ToList(),
            GuestInput.ToGuests(request.InvitedGuests),
            first, by, now));
        await TimerFor(bus, region, id, first, time, now); // committed with the stream by Wolverine's transactional middleware
        return new SeriesResult(new SeriesCreated(id, At(region, first, time)), null);
    }

    [Authorize(Roles = $"{Roles.Asisten},{Roles.Sekda},{Roles.Bupati},{Roles.Analyst},{Roles.Admin}")]
    [WolverineGet("/api/meeting-series")]
    public static async Task<IResult> List(string? office, IQuerySession session, CancellationToken ct)
    {
        var query = session.Query<MeetingSeries>();
        var series = string.IsNullOrWhiteSpace(office) ? await query.ToListAsync(ct) : await query.Where(s => s.Office == office).ToListAsync(ct);
        return Results.Ok(series.OrderBy(s => s.Office).ThenBy(s => s.Id).ToList());
    }

    /// <summary>
    /// Stops the series: no meeting after those already scheduled (204); only the office that runs it (403). A series
    /// of another region is not found (404), whatever the caller's role.
    /// </summary>
    [Authorize]
    [WolverineDelete("/api/meeting-series/{id}")]
    public static async Task<IResult> Delete(Guid id, HttpContext http, IMessageBus bus)
    {
        if (id == Guid.Empty) return Problems.NotFound($"Rakor berkala {id} tidak ada.");
        var result = await bus.InvokeForTenantAsync<SeriesResult>(http.User.Region()!, new StopMeetingSeries(id, http.User.ToActor()),
            http.RequestAborted, TimeSpan.FromSeconds(60));
        return result.Refused is { } refused ? refused.ToResult() : Results.NoContent();
    }

    public static async Task<SeriesResult> Handle(StopMeetingSeries stop, IDocumentSession session, RegionDirectory regions, TimeProvider clock,
        CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<MeetingSeries>(stop.SeriesId, ct);
        if (stream.Aggregate is not { } series) return new SeriesResult(null, new Refusal(404, null, $"Rakor berkala {stop.SeriesId} tidak ada."));
        var region = (await regions.FindAsync(session.TenantId, ct))!;
        if (OwnOffice(region, stop.By)?.Code != series.Office)
            return new SeriesResult(null, new Refusal(403, "not-holder", "Hanya kantor yang menjalankan rakor berkala ini yang menghentikannya."));
        if (!series.Stopped) stream.AppendOne(new MeetingSeriesStopped(series.Id, stop.By, clock.GetUtcNow()));
        return new SeriesResult(null, null);
    }

    /// <summary>
    /// An occurrence's timer firing (or a repeated delivery of it): schedules that meeting unless the series stopped or
    /// it is already recorded, then sets the next occurrence's timer — in one transaction with the meeting.
    /// </summary>
    public static async Task Handle(ScheduleSeriesMeeting message, IDocumentSession session, RegionDirectory regions, TimeProvider clock,
        IMessageContext bus, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<MeetingSeries>(message.SeriesId, ct);
        if (stream.Aggregate is not { Stopped: false } series || series.Scheduled.Any(s => s.Occurrence == message.Occurrence)) return;
        var region = await regions.FindAsync(session.TenantId, ct);
        if (region?.FindOffice(series.Office) is not { } office) return;
        var now = clock.GetUtcNow();
        var meeting = await ScheduleMeetingEndpoint.StartAsync(session, region, office, At(region, message.Occurrence, series.Time), series.Place,
            series.InvitedOpds, series.InvitedGuests.Count == 0 ? null : series.InvitedGuests, System, now, ct);
        stream.AppendOne(new SeriesMeetingScheduled(series.Id, message.Occurrence, meeting.Id, now));
        await TimerFor(bus, region, series.Id, series.NextOn(message.Occurrence.AddDays(1)), series.Time, now);
    }

    /// <summary>
    /// The timer a running series waits for — its first occurrence not yet scheduled — set again (as a region moved to
    /// a database of its own needs): 1, or 0 for a stopped series. Setting it twice is harmless: the handler schedules
    /// an occurrence once.
    /// </summary>
    public static async Task<int> RearmAsync(IMessageBus bus, MeetingSeries series, RegionOrganisation region, DateTimeOffset now)
    {
        if (series.Stopped) return 0;
        var pending = series.Scheduled.Count == 0 ? series.First : series.NextOn(series.Scheduled.Max(s => s.Occurrence).AddDays(1));
        await TimerFor(bus, region, series.Id, pending, series.Time, now);
        return 1;
    }

    /// <summary>Who schedules a series' meetings: the service, on the office's standing instruction.</summary>
    public static readonly Actor System = new("system/rakor-berkala", "system", null);

    private static DateTimeOffset At(RegionOrganisation region, DateOnly day, TimeOnly time) => region.AtLocal(day.ToDateTime(time));

    /// <summary>The occurrence's timer, a week before it (at once when that is already past); fires on the real clock.</summary>
    private static async Task TimerFor(IMessageBus bus, RegionOrganisation region, Guid series, DateOnly occurrence, TimeOnly time, DateTimeOffset now)
    {
        var due = At(region, occurrence, time) - MeetingSeries.Ahead - now;
        await bus.ScheduleAsync(new ScheduleSeriesMeeting(series, occurrence), due > TimeSpan.Zero ? due : TimeSpan.Zero);
    }
}
