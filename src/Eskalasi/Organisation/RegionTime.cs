using Eskalasi.Identity;
using Eskalasi.Infrastructure;

namespace Eskalasi.Organisation;

/// <summary>Answers show times in the caller's region (WIB/WITA/WIT), as docs/api.md says.</summary>
public static class RegionTime
{
    /// <summary>Middleware (after authentication): the zone of the caller's region for the rest of the request.</summary>
    public static WebApplication UseRegionTime(this WebApplication app)
    {
        var regions = app.Services.GetRequiredService<RegionDirectory>();
        app.Use(async (context, next) =>
        {
            var region = context.User.Region();
            var zone = region is null ? null : (await regions.FindAsync(region, context.RequestAborted))?.FindZone();
            await ResponseTimeZone.Within(zone, () => next(context));
        });
        return app;
    }
}
