using Eskalasi.Infrastructure;
using JasperFx.Events.Projections;

namespace Eskalasi.Inbox;

public static class InboxConfiguration
{
    public static WebApplicationBuilder AddInbox(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureStore(options =>
        {
            options.Projections.Add<InboxProjection>(ProjectionLifecycle.Inline);
            options.Schema.For<InboxItem>().Index(i => i.Recipient).Index(i => i.At);
            options.Schema.For<InboxRead>();
        });
        return builder;
    }
}
