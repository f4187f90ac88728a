using Eskalasi.Analytics;
using Eskalasi.Identity;
using Eskalasi.Organisation;
using Marten;

namespace Eskalasi.Web;

/// <summary>The analysts' screen's helpers: the day chosen as the end of the replay, and the CSV download.</summary>
public static class AnalyticsPages
{
    /// <summary>The end of the chosen day in the region's zone (today: now); an unreadable day is today.</summary>
    public static DateTimeOffset Until(string? day, RegionOrganisation region, DateTimeOffset now)
    {
        if (!DateOnly.TryParseExact(day, "yyyy-MM-dd", out var date)) return now;
        var until = region.AtLocal(date.AddDays(1).ToDateTime(TimeOnly.MinValue)).AddTicks(-1);
        return until > now ? now : until;
    }

    public static void MapAnalyticsCsv(this WebApplication app) =>
        app.MapGet("/analitik/csv", async (string? sampai, string? menurut, HttpContext http, IDocumentStore store, RegionDirectory regions,
            TimeProvider clock) =>
        {
            var region = await regions.FindAsync(http.User.Region()!, http.RequestAborted);
            if (region is null) return Results.NotFound();
            var by = AnalyticsEndpoints.GroupBys.Contains(menurut) ? menurut! : "level";
            var until = Until(sampai, region, clock.GetUtcNow());
            await using var session = store.QuerySession(region.Id);
            var report = await StaysQueries.StuckAsync(session, until, by, http.RequestAborted);
            var day = region.Local(until).ToString("yyyy-MM-dd");
            return Results.File(System.Text.Encoding.UTF8.GetBytes(AnalyticsEndpoints.Csv(report)), "text/csv; charset=utf-8",
                $"masalah-macet-{region.Id}-{by}-{day}.csv");
        }).RequireAuthorization(p => p.RequireRole(Roles.Analyst, Roles.Sekda, Roles.Bupati));
}
