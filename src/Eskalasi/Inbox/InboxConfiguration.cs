using Eskalasi.Infrastructure;
using JasperFx.Events.Projections;
using Marten;

namespace Eskalasi.Inbox;

public static class InboxConfiguration
{
    public static WebApplicationBuilder AddInbox(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IConfigureStore, InboxStore>();
        return builder;
    }

    private sealed class InboxStore : IConfigureStore
    {
        public void Configure(StoreOptions options)
        {
            options.Projections.Add<InboxProjection>(ProjectionLifecycle.Inline);
            options.Schema.For<InboxItem>().Index(i => i.Recipient).Index(i => i.At);
            options.Schema.For<InboxRead>();
        }
    }
}
