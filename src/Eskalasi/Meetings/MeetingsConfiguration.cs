using Eskalasi.Infrastructure;
using JasperFx.Events.Projections;
using Marten;

namespace Eskalasi.Meetings;

public static class MeetingsConfiguration
{
    public static WebApplicationBuilder AddMeetings(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IConfigureStore, MeetingsStore>();
        builder.Services.AddSingleton<MeetingDesk>();
        return builder;
    }

    private sealed class MeetingsStore : IConfigureStore
    {
        public void Configure(StoreOptions options)
        {
            options.Projections.Snapshot<Meeting>(SnapshotLifecycle.Inline);
            options.Schema.For<Meeting>().Index(m => m.Office);
        }
    }
}
