using System.Text.Json;
using Eskalasi.Infrastructure;
using Eskalasi.Organisation;
using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.Organisation;

/// <summary>
/// docs/domain.md "Working days": targets and due dates count Monday to Friday without national holidays, cuti bersama
/// and the region's own holidays, in the region's zone. The calendar arithmetic with fixed dates; the timer a move sets,
/// read back from Wolverine's store; the region's holidays through the API.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class working_days(AppFixture app)
{
    private static readonly NationalCalendar National = NationalCalendar.Load(RepositoryPaths.SeedsDirectory(
        new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), AppContext.BaseDirectory));

    private static RegionOrganisation Payakumbuh(params Holiday[] own) =>
        OrganisationSeeder.ReadSeed(Path.Combine(RepositoryPaths.FindRoot()!, "seeds", "kota-payakumbuh.json")) with
        {
            National = National, Holidays = own,
        };

    private static DateTimeOffset Wib(int year, int month, int day, int hour) => new(year, month, day, hour, 0, 0, TimeSpan.FromHours(7));

    [Fact]
    public void the_seeded_regions_count_working_days_and_the_decrees_are_loaded()
    {
        Payakumbuh().DwellTargets.Unit.ShouldBe(WorkingDays.Unit);
        National.Days.ShouldContainKey(new DateOnly(2026, 12, 24)); // cuti bersama Natal 2026
        National.Days[new DateOnly(2025, 3, 31)].Kind.ShouldBe(Holiday.Kinds.National); // Idulfitri 1446 H
        National.IncompleteYears.ShouldBe([2027], "2027's decree is not in the repository yet");
    }

    [Fact]
    public void a_target_counts_only_the_time_that_falls_on_working_days()
    {
        var region = Payakumbuh();
        region.Due(Wib(2026, 11, 27, 15), 1).ShouldBe(Wib(2026, 11, 30, 15)); // Friday 15.00 + 1 → Monday 15.00
        region.Due(Wib(2026, 11, 28, 10), 1).ShouldBe(Wib(2026, 12, 1, 0));  // Saturday + 1 → Tuesday 00.00
        // Wednesday 23 Dec 10.00 + 2: cuti bersama on the 24th, Christmas on the 25th, the weekend: Tuesday 29th 10.00.
        region.Due(Wib(2026, 12, 23, 10), 2).ShouldBe(Wib(2026, 12, 29, 10));
        region.Due(Wib(2026, 12, 2, 9), 0.5).ShouldBe(Wib(2026, 12, 2, 21));   // within one working day
        (region with { DwellTargets = region.DwellTargets with { Unit = WorkingDays.CalendarUnit } })
            .Due(Wib(2026, 11, 27, 15), 1).ShouldBe(Wib(2026, 11, 28, 15), "in calendar days the weekend counts");
    }

    [Fact]
    public void the_regions_own_holidays_count_as_days_off_and_a_due_date_on_a_day_off_moves_to_the_next_working_day()
    {
        var region = Payakumbuh(new Holiday(new DateOnly(2026, 11, 30), "Hari jadi kota", Holiday.Kinds.Regional));
        region.Due(Wib(2026, 11, 27, 15), 1).ShouldBe(Wib(2026, 12, 1, 15));
        region.DueWorkingDay(new DateOnly(2026, 11, 28)).ShouldBe(new DateOnly(2026, 12, 1)); // Saturday → past the Monday holiday
        region.DueWorkingDay(new DateOnly(2026, 12, 2)).ShouldBe(new DateOnly(2026, 12, 2));
    }

    [Fact]
    public async Task a_moves_dwell_timer_is_set_by_working_days()
    {
        var region = await app.NewRegionAsync(dwell: new DwellTargets(Opd: 3, Unit: WorkingDays.Unit));
        var issue = await region.LogIssueAs("opd/dinas-pupr");
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            $"select execution_time from {Persistence.WolverineSchema}.wolverine_incoming_envelopes " +
            "where status = 'Scheduled' and position(convert_to(@id, 'UTF8') in body) > 0", connection);
        command.Parameters.AddWithValue("id", issue.Id.ToString());
        var firesAt = (DateTimeOffset)(DateTime)(await command.ExecuteScalarAsync())!;
        var expected = (region.Organisation with { National = National }).Due(issue.LoggedAt, 3);
        // Scheduled relative to the domain clock; Wolverine stores the real time it fires: the same instant give or take the test's own pace.
        var offset = DateTimeOffset.UtcNow - app.Clock.GetUtcNow();
        (firesAt - (expected + offset)).Duration().ShouldBeLessThan(TimeSpan.FromSeconds(30));
        (expected - issue.LoggedAt).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromDays(3));
    }

    [Fact]
    public async Task the_admin_sets_the_regions_holidays_and_the_organisation_lists_the_year()
    {
        var region = await app.NewRegionAsync(dwell: new DwellTargets(Unit: WorkingDays.Unit));
        var year = app.Clock.GetUtcNow().Year;
        var body = new { dates = new[] { $"{year}-12-31", $"{year + 1}-03-10" }, names = new[] { "Hari jadi kota", "Pacu jawi" } };
        var org = await (await region.Host.Scenario(s =>
        {
            s.Put.Json(body).ToUrl("/api/org/holidays");
            s.WithBearer(region.Token("admin"));
            s.StatusCodeShouldBe(200);
        })).ReadJson();
        org.GetProperty("dwellTargets").GetProperty("unit").GetString().ShouldBe("working-days");
        var days = org.GetProperty("holidays").EnumerateArray().ToList();
        days.ShouldContain(d => d.GetProperty("date").GetString() == $"{year}-12-31" && d.GetProperty("kind").GetString() == "libur-daerah");
        days.ShouldContain(d => d.GetProperty("date").GetString() == $"{year}-12-25" && d.GetProperty("kind").GetString() == "libur-nasional");

        var before = await region.EventCount();
        var refused = await (await region.Host.Scenario(s =>
        {
            s.Put.Json(new { dates = new[] { "31-12-2026" } }).ToUrl("/api/org/holidays");
            s.WithBearer(region.Token("admin"));
            s.StatusCodeShouldBe(400);
        })).ReadJson();
        refused.GetProperty("errors").TryGetProperty("dates[0]", out _).ShouldBeTrue();
        await region.Host.Scenario(s => { s.Put.Json(body).ToUrl("/api/org/holidays"); s.WithBearer(region.Token("sekda")); s.StatusCodeShouldBe(403); });
        (await region.EventCount()).ShouldBe(before);
    }
}
