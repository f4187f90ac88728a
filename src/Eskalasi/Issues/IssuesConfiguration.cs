using Eskalasi.Infrastructure;
using JasperFx.Events.Projections;
using Marten;

namespace Eskalasi.Issues;

/// <summary>What the Issues area adds to the document store: its views and the number counter.</summary>
public sealed class IssuesConfiguration : IConfigureStore
{
    public void Configure(StoreOptions options)
    {
        options.Projections.Add<IssueDetailsProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<IssueDetails>()
            .Index(x => x.Number)
            .Index(x => x.LoggedAt)
            .GinIndexJsonData();
        options.Projections.LiveStreamAggregation<Issue>();
        options.Schema.For<Moves.IdempotentReply>();
        options.Storage.ExtendedSchemaObjects.Add(IssueNumbers.Table());
    }
}

public static class IssuesRegistration
{
    public static WebApplicationBuilder AddIssues(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IConfigureStore, IssuesConfiguration>();
        builder.Services.AddSingleton<Moves.IssueMoves>();
        return builder;
    }
}
