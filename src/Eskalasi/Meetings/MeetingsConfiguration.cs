using Eskalasi.Infrastructure;
using JasperFx.Events.Projections;

namespace Eskalasi.Meetings;

public static class MeetingsConfiguration
{
    public static WebApplicationBuilder AddMeetings(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MeetingDesk>();
        builder.Services.ConfigureStore(options =>
        {
            options.Projections.Snapshot<Meeting>(SnapshotLifecycle.Inline);
            options.Schema.For<Meeting>().Index(m => m.Office);
            options.Projections.Snapshot<Series.MeetingSeries>(SnapshotLifecycle.Inline);
        });
        return builder;
    }
}
