using Eskalasi.Infrastructure;

namespace Eskalasi.Organisation;

public static class OrganisationConfiguration
{
    public static WebApplicationBuilder AddOrganisation(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<OrganisationSeeder>();
        builder.Services.AddSingleton<RegionDirectory>();
        // docs/domain.md "Working days": the national calendar from seeds/hari-libur, read once at start.
        builder.Services.AddSingleton(sp =>
        {
            var calendar = NationalCalendar.Load(RepositoryPaths.SeedsDirectory(builder.Configuration, builder.Environment.ContentRootPath));
            if (calendar.IncompleteYears.Count > 0)
                sp.GetRequiredService<ILogger<NationalCalendar>>().LogWarning(
                    "National calendar incomplete for {Years}: add the joint decree's days to seeds/hari-libur", calendar.IncompleteYears);
            return calendar;
        });
        builder.Services.AddSingleton<OrganisationChanges>();
        builder.Services.ConfigureStore(options => options.Schema.For<RegionOrganisation>());
        return builder;
    }
}
