using System.Globalization;
using System.Security.Claims;
using System.Text;
using Eskalasi.Identity;
using Eskalasi.Infrastructure;
using Eskalasi.Issues;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Eskalasi.Analytics;

/// <summary>
/// One group of the report. Its own figures are the stays that define it (for an Asisten office or an OPD: the stays
/// held there; for a category: every stay of its issues); <see cref="Levels"/> splits the time of the group's issues
/// by level, so an Asisten's or a category's issues show where else they waited.
/// </summary>
public sealed record StuckGroup(string Key, int Count, double MedianDays, double P90Days, int Overdue, int SettledHere,
    IReadOnlyList<LevelTime> Levels);

/// <summary>Time spent at one level by the issues of a group: how many issues stayed there, median and p90 days, overdue, settled there.</summary>
public sealed record LevelTime(IssueLevel Level, int Count, double MedianDays, double P90Days, int Overdue, int SettledHere);

public sealed record StuckIssue(Guid IssueId, string Number, IssueLevel Level, string Holder, double DaysAtLevel);

public sealed record StuckReport(DateTimeOffset Until, string GroupBy, IReadOnlyList<StuckGroup> Groups, IReadOnlyList<StuckIssue> StuckLongest);

public sealed record PingPongReport(DateTimeOffset Until, IReadOnlyList<IssuePath> Items);

public sealed record SettlementMonth(string Month, int Settled, double Opd, double Asisten, double Sekda, double Bupati);

public sealed record SettlementReport(DateTimeOffset Until, IReadOnlyList<SettlementMonth> Months);

/// <summary>
/// The analysts' views (docs/domain.md "Views") as of <c>until</c> (default: now), answered from the stays table
/// (<see cref="StaysQueries"/>). The replay-based builders below give the same answers from a replay of the events; the
/// tests and the benchmark compare the two.
/// </summary>
public static class AnalyticsEndpoints
{
    private const string Readers = $"{Roles.Analyst},{Roles.Sekda},{Roles.Bupati}";
    public static readonly string[] GroupBys = ["level", "asisten", "opd", "category"];

    [Authorize(Roles = Readers)]
    [WolverineGet("/api/analytics/stuck")]
    public static async Task<IResult> Stuck(string? until, string? groupBy, string? source, HttpRequest request, IQuerySession session,
        TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var at = ParseUntil(until, clock, errors);
        var by = string.IsNullOrWhiteSpace(groupBy) ? "level" : groupBy;
        if (!GroupBys.Contains(by)) errors.Add("groupBy", "Harus salah satu dari: level, asisten, opd, category.");
        if (source is not (null or "stays" or "replay")) errors.Add("source", "Harus stays (bawaan) atau replay.");
        if (errors.Any) return Problems.ToResult(errors.ToProblem());

        // source=replay: the same answer from a replay of the region's events — slower, for checking the table against
        // the events themselves (and the benchmark's baseline).
        var report = source == "replay"
            ? Report(await HistoryReplay.RunAsync(session, at, ct), by)
            : await StaysQueries.StuckAsync(session, at, by, ct);
        return request.Headers.Accept.ToString().Contains("text/csv", StringComparison.OrdinalIgnoreCase)
            ? Results.Text(Csv(report), "text/csv; charset=utf-8", Encoding.UTF8)
            : Results.Ok(report);
    }

    public static StuckReport Report(HistoryReplay replay, string groupBy)
    {
        var until = replay.Until;
        var issues = replay.Issues.ToList();
        // Which groups an issue belongs to, and which of its stays are the group's own.
        Func<Stay, string?> ownKey = groupBy switch
        {
            "asisten" => s => s.Level == IssueLevel.Asisten ? s.Holder : null,
            "opd" => s => s.Level == IssueLevel.Opd ? s.Holder : null,
            "category" => s => s.Category,
            _ => s => s.Level.ToString().ToLowerInvariant(),
        };

        var members = issues
            .SelectMany(i => i.Stays.Select(ownKey).OfType<string>().Distinct().Select(key => (Key: key, Issue: i)))
            .GroupBy(m => m.Key, m => m.Issue);
        var groups = members.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var own = Figures(g.SelectMany(i => i.Stays).Where(s => ownKey(s) == g.Key).ToList(), until);
            var levels = g.SelectMany(i => groupBy == "level" ? i.Stays.Where(s => ownKey(s) == g.Key) : i.Stays)
                .GroupBy(s => s.Level).OrderBy(l => l.Key)
                .Select(l =>
                {
                    var f = Figures(l.ToList(), until);
                    return new LevelTime(l.Key, f.Count, f.Median, f.P90, f.Overdue, f.Settled);
                })
                .ToList();
            return new StuckGroup(g.Key, own.Count, own.Median, own.P90, own.Overdue, own.Settled, levels);
        }).ToList();

        var stuck = issues.Where(i => i.Open && i.Current is not null)
            .Select(i => new StuckIssue(i.Id, i.Number, i.Current!.Level, i.Current.Holder, Round(i.Current.Days(until))))
            .OrderByDescending(i => i.DaysAtLevel).ThenBy(i => i.Number, StringComparer.Ordinal).Take(20).ToList();
        return new StuckReport(until, groupBy, groups, stuck);
    }

    private static (int Count, double Median, double P90, int Overdue, int Settled) Figures(IReadOnlyList<Stay> stays, DateTimeOffset until)
    {
        var days = stays.Select(s => s.Days(until)).Order().ToList();
        return (stays.Select(s => s.IssueId).Distinct().Count(), Round(Percentile(days, 0.5)), Round(Percentile(days, 0.9)),
            stays.Count(s => s.Overdue), stays.Count(s => s.Settled));
    }

    [Authorize(Roles = Readers)]
    [WolverineGet("/api/analytics/ping-pong")]
    public static async Task<IResult> PingPong(string? until, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var at = ParseUntil(until, clock, errors);
        if (errors.Any) return Problems.ToResult(errors.ToProblem());
        return Results.Ok(await StaysQueries.PingPongAsync(session, at, ct));
    }

    /// <summary>The issues sent back and forth more than twice (returns and transfers), the most first.</summary>
    public static PingPongReport PingPongOf(HistoryReplay replay, DateTimeOffset at) =>
        new(at, replay.Issues.Where(i => i.Returns + i.Transfers > 2)
            .OrderByDescending(i => i.Returns + i.Transfers).ThenBy(i => i.Number, StringComparer.Ordinal)
            .Select(i => new IssuePath(i.Id, i.Number, i.Path, i.Returns, i.Transfers)).ToList());

    /// <summary>Per month of resolution (region zone): the share of issues settled at each level.</summary>
    [Authorize(Roles = Readers)]
    [WolverineGet("/api/analytics/settlement")]
    public static async Task<IResult> Settlement(string? until, IQuerySession session, TimeProvider clock,
        Organisation.RegionDirectory regions, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var at = ParseUntil(until, clock, errors);
        if (errors.Any) return Problems.ToResult(errors.ToProblem());
        var region = await regions.FindAsync(session.TenantId, ct);
        var zone = region?.FindZone() ?? TimeZoneInfo.Utc;
        return Results.Ok(await StaysQueries.SettlementAsync(session, at, zone, ct));
    }

    /// <summary>Per month of resolution in <paramref name="zone"/>: the share of issues settled at each level.</summary>
    public static SettlementReport SettlementOf(HistoryReplay replay, DateTimeOffset at, TimeZoneInfo zone) =>
        SettlementOf(replay.Stays.Where(s => s.Settled && s.To is not null).Select(s => (s.Level, s.To!.Value)).ToList(), at, zone);

    /// <summary>The same from the settled stays' levels and end times.</summary>
    public static SettlementReport SettlementOf(IReadOnlyList<(IssueLevel Level, DateTimeOffset At)> settled, DateTimeOffset at, TimeZoneInfo zone)
    {
        var months = settled
            .GroupBy(s => TimeZoneInfo.ConvertTime(s.At, zone).ToString("yyyy-MM"))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                double Share(IssueLevel level) => Round((double)g.Count(s => s.Level == level) / g.Count());
                return new SettlementMonth(g.Key, g.Count(), Share(IssueLevel.Opd), Share(IssueLevel.Asisten), Share(IssueLevel.Sekda),
                    Share(IssueLevel.Bupati));
            }).ToList();
        return new SettlementReport(at, months);
    }

    private static DateTimeOffset ParseUntil(string? until, TimeProvider clock, FieldErrors errors)
    {
        if (until is null) return clock.GetUtcNow();
        if (Times.TryParse(until, out var at)) return at.ToUniversalTime();
        errors.Add("until", "Harus waktu ISO 8601 dengan zona, mis. 2026-06-30T23:59:59+07:00.");
        return default;
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static double Round(double value) => Math.Round(value, 2);

    /// <summary>The groups as CSV, headers in Bahasa Indonesia, decimals with a point; the median days at each level last.</summary>
    public static string Csv(StuckReport report)
    {
        string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
        var levels = Enum.GetValues<IssueLevel>();
        var csv = new StringBuilder();
        csv.AppendLine("kelompok,jumlah_masalah,median_hari,p90_hari,jumlah_terlambat,selesai_di_sini," +
                       string.Join(',', levels.Select(l => $"median_hari_{LevelName(l)}")));
        foreach (var g in report.Groups)
            csv.AppendLine(string.Join(',', new[] { Quote(g.Key), g.Count.ToString(CultureInfo.InvariantCulture), Number(g.MedianDays),
                    Number(g.P90Days), g.Overdue.ToString(CultureInfo.InvariantCulture), g.SettledHere.ToString(CultureInfo.InvariantCulture) }
                .Concat(levels.Select(l => g.Levels.FirstOrDefault(x => x.Level == l) is { } t ? Number(t.MedianDays) : ""))));
        return csv.ToString();
    }

    private static string LevelName(IssueLevel level) => level switch
    {
        IssueLevel.Opd => "opd",
        IssueLevel.Asisten => "asisten",
        IssueLevel.Sekda => "sekda",
        _ => "kepala_daerah",
    };

    private static string Quote(string value) => value.Contains(',') || value.Contains('"') ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
}
