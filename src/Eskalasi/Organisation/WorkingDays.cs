using System.Text.Json;
using System.Text.Json.Serialization;
using Eskalasi.Infrastructure;

namespace Eskalasi.Organisation;

/// <summary>A day off: a national holiday, a <i>cuti bersama</i> day, or the region's own (<see cref="Kinds"/>).</summary>
public sealed record Holiday(DateOnly Date, string Name, string Kind)
{
    public static class Kinds
    {
        public const string National = "libur-nasional", Joint = "cuti-bersama", Regional = "libur-daerah";
    }
}

/// <summary>
/// The national calendar (docs/domain.md "Working days"): national holidays and cuti bersama of each year, from the joint
/// ministerial decree, kept as data in <c>seeds/hari-libur/{year}.json</c>. A year whose file says <c>complete: false</c>
/// is known only in part; the start-up log says so.
/// </summary>
public sealed class NationalCalendar
{
    private sealed record YearFile(int Year, string Source, bool Complete, List<Holiday> Days);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public IReadOnlyDictionary<DateOnly, Holiday> Days { get; }
    public IReadOnlyList<int> IncompleteYears { get; }

    public NationalCalendar(IEnumerable<Holiday> days, IEnumerable<int>? incompleteYears = null)
    {
        Days = days.GroupBy(d => d.Date).ToDictionary(g => g.Key, g => g.First());
        IncompleteYears = (incompleteYears ?? []).ToList();
    }

    public static NationalCalendar Load(string seedsDirectory)
    {
        var folder = Path.Combine(seedsDirectory, "hari-libur");
        if (!Directory.Exists(folder)) return new NationalCalendar([]);
        var years = Directory.GetFiles(folder, "*.json").Order()
            .Select(f => JsonSerializer.Deserialize<YearFile>(File.ReadAllText(f), Options)!).ToList();
        return new NationalCalendar(years.SelectMany(y => y.Days), years.Where(y => !y.Complete).Select(y => y.Year));
    }
}

/// <summary>
/// docs/domain.md "Working days": Monday to Friday, without national holidays, cuti bersama and the region's own
/// holidays, in the region's zone. A target in working days counts only time that falls on working days: an issue
/// arriving on Friday at 15.00 with a 1-day target is due on Monday at 15.00, one arriving on Saturday is due on
/// Tuesday at 00.00.
/// </summary>
public static class WorkingDays
{
    public const string Unit = "working-days", CalendarUnit = "days";

    public static bool IsWorkingDay(this RegionOrganisation region, DateOnly day) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)
        && !region.National.Days.ContainsKey(day)
        && !region.Holidays.Any(h => h.Date == day);

    /// <summary>When a stay that began at <paramref name="start"/> has used <paramref name="days"/> of the region's target unit.</summary>
    public static DateTimeOffset Due(this RegionOrganisation region, DateTimeOffset start, double days)
    {
        if (region.DwellTargets.Unit != Unit) return start + TimeSpan.FromDays(days);
        var remaining = TimeSpan.FromDays(days);
        var cursor = region.Local(start);
        for (var guard = 0; guard < 3660; guard++)
        {
            var day = DateOnly.FromDateTime(cursor.DateTime);
            var nextMidnight = region.AtLocal(day.AddDays(1).ToDateTime(TimeOnly.MinValue));
            if (region.IsWorkingDay(day))
            {
                var left = nextMidnight - cursor;
                if (remaining <= left) return cursor + remaining;
                remaining -= left;
            }
            cursor = region.Local(nextMidnight);
        }
        return cursor;
    }

    /// <summary>A follow-up's due date counts in working days: one that falls on a day off moves to the next working day.</summary>
    public static DateOnly DueWorkingDay(this RegionOrganisation region, DateOnly due)
    {
        if (region.DwellTargets.Unit != Unit) return due;
        for (var guard = 0; guard < 60 && !region.IsWorkingDay(due); guard++) due = due.AddDays(1);
        return due;
    }

    /// <summary>The days off of a year: the national calendar's and the region's own, by date.</summary>
    public static IReadOnlyList<Holiday> HolidaysOf(this RegionOrganisation region, int year) =>
        region.National.Days.Values.Where(d => d.Date.Year == year).Concat(region.Holidays.Where(h => h.Date.Year == year))
            .OrderBy(h => h.Date).ToList();
}
