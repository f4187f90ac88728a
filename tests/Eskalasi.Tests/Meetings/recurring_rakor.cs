using System.Text.Json;
using Eskalasi.Meetings.Series;
using Eskalasi.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace Eskalasi.Tests.Meetings;

/// <summary>
/// docs/domain.md "Series": an office holds its rakor on a fixed rhythm. Each meeting is scheduled a week before it is
/// due by a durable timer (here one already due, so it fires at once), once even when the timer is delivered twice;
/// stopping the series schedules nothing more.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class recurring_rakor(AppFixture app) : InARegion(app)
{
    private async Task<JsonElement> Get(string account, string url) =>
        await (await Region.Host.Scenario(s => { s.Get.Url(url); s.WithBearer(Region.Token(account)); })).ReadJson();

    private static readonly string[] Weekdays = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

    private DateOnly Today => DateOnly.Parse(Region.DueDate(0));

    private async Task<JsonElement> Series(Guid id) =>
        (await Get("asisten-2", "/api/meeting-series?office=asisten-2")).EnumerateArray().Single(s => s.GetProperty("id").GetGuid() == id);

    private async Task Fire(Guid series, DateOnly occurrence)
    {
        using var scope = Region.Host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeForTenantAsync(Region.Code, new ScheduleSeriesMeeting(series, occurrence));
    }

    private async Task<int> MeetingsOf(Guid series) => (await Series(series)).GetProperty("scheduled").GetArrayLength();

    [Fact]
    public void the_rhythms_land_on_the_right_days()
    {
        var monday = new DateOnly(2026, 11, 30);
        MeetingSeries.Next("week", DayOfWeek.Thursday, null, monday, monday).ShouldBe(new DateOnly(2026, 12, 3));
        MeetingSeries.Next("week", DayOfWeek.Monday, null, monday, monday).ShouldBe(monday);
        MeetingSeries.Next("two-weeks", DayOfWeek.Monday, null, monday, monday.AddDays(1)).ShouldBe(monday.AddDays(14));
        MeetingSeries.Next("two-weeks", DayOfWeek.Monday, null, monday, monday.AddDays(15)).ShouldBe(monday.AddDays(28));
        MeetingSeries.Next("month", null, 31, monday, new DateOnly(2027, 2, 1)).ShouldBe(new DateOnly(2027, 2, 28));
        MeetingSeries.Next("month", null, 15, monday, new DateOnly(2026, 12, 16)).ShouldBe(new DateOnly(2027, 1, 15));
    }

    [Fact]
    public void a_two_weekly_series_that_starts_later_in_the_week_counts_from_its_first_meeting()
    {
        var first = new DateOnly(2026, 12, 3); // a Thursday
        MeetingSeries.Next("two-weeks", DayOfWeek.Thursday, null, first, first.AddDays(1)).ShouldBe(first.AddDays(14));
    }

    [Fact]
    public async Task a_weekly_rakor_schedules_its_meeting_a_week_ahead_once_and_stops_when_told()
    {
        var issue = await Region.LogIssueAs("opd/dinas-pupr", TestRegion.AValidIssue("pdam"));
        await Region.Move("opd/dinas-pupr", issue.Id, "escalate", new { justification = "Butuh koordinasi." });
        var day = Today.AddDays(3);
        var created = await (await Region.Post("asisten-2", "/api/meeting-series", new
        {
            office = "asisten-2", every = "week", weekday = Weekdays[(int)day.DayOfWeek], time = "09:00", place = "Ruang Randang",
            invitedOpds = new[] { "dinas-pupr", "pdam" }, invitedGuests = new[] { new { name = "AKP Rudi", institution = "Polres" } },
        }, 201)).ReadJson();
        var id = created.GetProperty("id").GetGuid();
        DateOnly.FromDateTime(created.GetProperty("nextAt").GetDateTimeOffset().DateTime).ShouldBe(day);

        // Due within the week: its timer fires at once and the meeting is scheduled with its agenda drafted then.
        (await Wait.Until(async () => await MeetingsOf(id) == 1, TimeSpan.FromSeconds(30))).ShouldBeTrue();
        var meetingId = (await Series(id)).GetProperty("scheduled")[0].GetProperty("meetingId").GetGuid();
        var meeting = await Get("asisten-2", $"/api/meetings/{meetingId}");
        meeting.GetProperty("office").GetString().ShouldBe("asisten-2");
        meeting.GetProperty("place").GetString().ShouldBe("Ruang Randang");
        meeting.GetProperty("guests").GetArrayLength().ShouldBe(1);
        meeting.GetProperty("agenda").EnumerateArray().ShouldContain(a => a.GetProperty("issueId").GetGuid() == issue.Id);

        // The same timer delivered again: nothing more.
        await Fire(id, day);
        (await MeetingsOf(id)).ShouldBe(1);

        // The next occurrence's timer (a week later) schedules the next meeting; after a stop, nothing.
        await Fire(id, day.AddDays(7));
        (await MeetingsOf(id)).ShouldBe(2);
        await Region.Host.Scenario(s => { s.Delete.Url($"/api/meeting-series/{id}"); s.WithBearer(Region.Token("asisten-2")); s.StatusCodeShouldBe(204); });
        await Fire(id, day.AddDays(14));
        (await MeetingsOf(id)).ShouldBe(2);
        (await Series(id)).GetProperty("stopped").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task a_two_weekly_rakor_starts_on_the_next_such_day()
    {
        var day = Today.AddDays(2);
        var created = await (await Region.Post("asisten-2", "/api/meeting-series", new
        {
            every = "two-weeks", weekday = Weekdays[(int)day.DayOfWeek], time = "10:00", place = "Ruang Randang", invitedOpds = new[] { "pdam" },
        }, 201)).ReadJson();
        DateOnly.FromDateTime(created.GetProperty("nextAt").GetDateTimeOffset().DateTime).ShouldBe(day);
    }

    [Fact]
    public async Task refusals_name_the_field_or_rule_and_write_nothing()
    {
        var before = await Region.EventCount();
        object Body(string every, string? weekday = "monday", int? dayOfMonth = null, string office = "asisten-2", string time = "09:00") =>
            new { office, every, weekday, dayOfMonth, time, place = "Ruang Randang", invitedOpds = new[] { "pdam" } };
        async Task Field(object body, string field) =>
            (await (await Region.Post("asisten-2", "/api/meeting-series", body, 400)).ReadJson()).GetProperty("errors").TryGetProperty(field, out _)
                .ShouldBeTrue(field);
        await Field(Body("daily"), "every");
        await Field(Body("week", weekday: null), "weekday");
        await Field(Body("month", weekday: null, dayOfMonth: 0), "dayOfMonth");
        await Field(Body("week", time: "9 pagi"), "time");
        await Region.Post("asisten-1", "/api/meeting-series", Body("week"), 403);
        await Region.Post("opd/pdam", "/api/meeting-series", Body("week"), 403);
        (await Region.EventCount()).ShouldBe(before);

        var id = (await (await Region.Post("asisten-2", "/api/meeting-series", Body("month", weekday: null, dayOfMonth: 28), 201)).ReadJson())
            .GetProperty("id").GetGuid();
        await Region.Host.Scenario(s => { s.Delete.Url($"/api/meeting-series/{id}"); s.WithBearer(Region.Token("asisten-1")); s.StatusCodeShouldBe(403); });
        await Region.Host.Scenario(s => { s.Delete.Url($"/api/meeting-series/{id}"); s.WithBearer(Region.Token("opd/pdam")); s.StatusCodeShouldBe(403); });
        await Region.Host.Scenario(s => { s.Delete.Url($"/api/meeting-series/{Guid.NewGuid()}"); s.WithBearer(Region.Token("asisten-2")); s.StatusCodeShouldBe(404); });
    }
}
