namespace Eskalasi.Organisation;

/// <summary>
/// One region's organisation (docs/domain.md "Regions and their organisation"): its offices, its OPDs and who coordinates each, its
/// categories and dwell targets. Stored as one document per region, inside that region's tenant;
/// <see cref="Id"/> is the region code.
/// </summary>
public sealed record RegionOrganisation(
    string Id,
    string Name,
    string Kind,
    string TimeZone,
    string NumberPrefix,
    IReadOnlyList<Office> Offices,
    IReadOnlyList<Opd> Opds,
    IReadOnlyList<string> Categories,
    DwellTargets DwellTargets)
{
    public string HeadTitle => Kind == RegionKinds.Kota ? "Wali Kota" : "Bupati";

    /// <summary>The region's own holidays (docs/domain.md "Working days"), set by its admin.</summary>
    public IReadOnlyList<Holiday> Holidays { get; init; } = [];

    /// <summary>The national calendar, attached when the region is read (<see cref="RegionDirectory"/>); not stored with it.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public NationalCalendar National { get; init; } = new([]);

    public string TimeZoneLabel => TimeZone switch
    {
        "Asia/Makassar" => "WITA",
        "Asia/Jayapura" => "WIT",
        _ => "WIB",
    };

    public TimeZoneInfo FindZone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    private static readonly System.Globalization.CultureInfo Indonesian = System.Globalization.CultureInfo.GetCultureInfo("id-ID");

    /// <summary>A wall-clock time of the region (a due date's midnight, a browser's date-time field) as an instant.</summary>
    public DateTimeOffset AtLocal(DateTime local) => new(local, FindZone().GetUtcOffset(local));

    /// <summary>An instant on the region's wall clock (the other way of <see cref="AtLocal"/>).</summary>
    public DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, FindZone());

    /// <summary>An instant as people of the region read it: in its zone, in Bahasa Indonesia, with WIB/WITA/WIT.</summary>
    public string Show(DateTimeOffset at, string format) => Local(at).ToString(format, Indonesian) + " " + TimeZoneLabel;

    /// <summary>The calendar date in the region's zone at <paramref name="now"/> (due dates are such dates).</summary>
    public DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(Local(now).DateTime);

    public Office? FindOffice(string? code) => Offices.FirstOrDefault(o => o.Code == code);

    public Opd? FindOpd(string? code) => Opds.FirstOrDefault(o => o.Code == code);

    public bool HasCategory(string? code) => code is not null && Categories.Contains(code);
}

public sealed record Office(string Code, string Name, string Kind, string? HolderName = null);

public sealed record Opd(string Code, string Name, string Kind, string Coordinator);

/// <summary>
/// Days an issue may stay at a level before it is overdue there (docs/domain.md "Dwell targets and overdue"), counted in
/// <see cref="Unit"/>: <c>working-days</c> (docs/domain.md "Working days"; the seeded regions) or <c>days</c> (calendar
/// days, as before working days existed).
/// </summary>
public sealed record DwellTargets(double Opd = 7, double Asisten = 14, double Sekda = 7, double Bupati = 7, double Darurat = 1,
    string Unit = WorkingDays.CalendarUnit);

public static class RegionKinds
{
    public const string Kabupaten = "kabupaten";
    public const string Kota = "kota";
}

public static class OfficeKinds
{
    public const string Sekda = "sekda";
    public const string Head = "head";
    public const string Asisten = "asisten";
}

public static class OpdKinds
{
    public static readonly string[] All = ["dinas", "badan", "kecamatan", "bagian", "bumd-partner"];
}

/// <summary>The fixed office codes of docs/api.md; Asisten offices are named in the seed data.</summary>
public static class OfficeCodes
{
    public const string Sekda = "sekda";
    public const string Head = "head";
}
