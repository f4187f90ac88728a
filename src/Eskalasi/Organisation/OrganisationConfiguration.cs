using Eskalasi.Infrastructure;
using Marten;

namespace Eskalasi.Organisation;

public static class OrganisationConfiguration
{
    public static WebApplicationBuilder AddOrganisation(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<OrganisationSeeder>();
        builder.Services.AddSingleton<History.HistoryWriter>();
        builder.Services.AddSingleton<History.HistoryService>();
        builder.Services.AddSingleton<IConfigureStore, OrganisationStore>();
        return builder;
    }

    private sealed class OrganisationStore : IConfigureStore
    {
        public void Configure(StoreOptions options) => options.Schema.For<RegionOrganisation>();
    }
}
