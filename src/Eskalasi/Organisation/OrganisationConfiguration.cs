using Eskalasi.Infrastructure;

namespace Eskalasi.Organisation;

public static class OrganisationConfiguration
{
    public static WebApplicationBuilder AddOrganisation(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<OrganisationSeeder>();
        builder.Services.AddSingleton<RegionDirectory>();
        builder.Services.AddSingleton<OrganisationChanges>();
        builder.Services.ConfigureStore(options => options.Schema.For<RegionOrganisation>());
        return builder;
    }
}
