using Eskalasi.Infrastructure;
using JasperFx.Events.Projections;
using Marten;

namespace Eskalasi.Oversight;

public static class OversightConfiguration
{
    public static WebApplicationBuilder AddOversight(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IConfigureStore, OversightStore>();
        return builder;
    }

    private sealed class OversightStore : IConfigureStore
    {
        public void Configure(StoreOptions options)
        {
            options.Projections.Add<EscalationAuditProjection>(ProjectionLifecycle.Inline);
            options.Schema.For<EscalationRecord>().Index(r => r.At).Index(r => r.FromHolder).Index(r => r.ToHolder);
            options.Schema.For<SettlementRecord>().Index(r => r.At);
        }
    }
}
