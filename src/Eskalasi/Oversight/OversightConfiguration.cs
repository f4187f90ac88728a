using Eskalasi.Infrastructure;
using JasperFx.Events.Projections;

namespace Eskalasi.Oversight;

public static class OversightConfiguration
{
    public static WebApplicationBuilder AddOversight(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureStore(options =>
        {
            options.Projections.Add<EscalationAuditProjection>(ProjectionLifecycle.Inline);
            options.Schema.For<EscalationRecord>().Index(r => r.At).Index(r => r.FromHolder).Index(r => r.ToHolder);
            options.Schema.For<SettlementRecord>().Index(r => r.At);
        });
        return builder;
    }
}
